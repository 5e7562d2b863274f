// Which steps are up to date: each step's key is a SHA-256 of its settings,
// the content of its input files and the keys of the steps it reads from. The
// keys of completed steps sit in DIR/.mm-pipeline.json, written atomically
// after all of a step's outputs are in place, so an interrupted step is never
// taken as done and simply runs again.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomicSync } from "@mm/util";

export interface StepRecord {
  key: string;
  outputs: string[];
  finishedAt: string;
  seconds: number;
}

export interface PipelineState {
  format: "mm-pipeline-1";
  steps: Record<string, StepRecord>;
}

export const STATE_FILE = ".mm-pipeline.json";

export function readState(dir: string): PipelineState {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return { format: "mm-pipeline-1", steps: {} };
  try {
    const s = JSON.parse(readFileSync(path, "utf8")) as PipelineState;
    if (s.format === "mm-pipeline-1" && s.steps) return s;
  } catch {
    /* a damaged state only means: run everything again */
  }
  return { format: "mm-pipeline-1", steps: {} };
}

export function writeState(dir: string, state: PipelineState): void {
  writeFileAtomicSync(join(dir, STATE_FILE), JSON.stringify(state, null, 1) + "\n");
}

const fileHashes = new Map<string, { mtimeMs: number; size: number; hash: string }>();

/** SHA-256 of a file's content (memoised per path, size and mtime within a run). */
export async function hashFile(path: string): Promise<string> {
  const st = statSync(path);
  const memo = fileHashes.get(path);
  if (memo && memo.mtimeMs === st.mtimeMs && memo.size === st.size) return memo.hash;
  const h = createHash("sha256");
  await new Promise<void>((ok, fail) => {
    createReadStream(path)
      .on("data", (d) => h.update(d))
      .on("end", () => ok())
      .on("error", fail);
  });
  const hash = h.digest("hex");
  fileHashes.set(path, { mtimeMs: st.mtimeMs, size: st.size, hash });
  return hash;
}

/** Stable JSON (sorted keys) for hashing settings. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}

export function hashParts(parts: unknown[]): string {
  return createHash("sha256").update(stableJson(parts)).digest("hex");
}
