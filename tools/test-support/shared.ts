// Locates ../shared (the folder beside the repository root that holds the
// reference values and the real-file corpus). Tests that need it skip with a
// clear message when it is absent, as in a user's fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = resolve(here, "..", "..");
/** The shared folder (MM_SHARED overrides). */
export const SHARED_DIR = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(REPO_ROOT, "..", "shared");
/** True when the shared folder is present. */
export const HAVE_SHARED = existsSync(join(SHARED_DIR, "reference"));

/** Absolute path of a file under ../shared. */
export function shared(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

let warned = false;
/** For `describe.skipIf(noShared())`: true (and a one-time message) when ../shared is absent. */
export function noShared(): boolean {
  if (!HAVE_SHARED && !warned) {
    warned = true;
    console.warn(`[skip] ${SHARED_DIR} not found: tests on the shared reference values and real-file corpus are skipped (CI always has it).`);
  }
  return !HAVE_SHARED;
}

/** Debian's python3 with h5py/numpy/onnx (not a pyenv shim), or null when absent. */
export function debianPython(modules: string[] = ["h5py", "numpy"]): string | null {
  for (const exe of ["/usr/bin/python3", "python3"]) {
    try {
      const r = spawnSync(exe, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
      if (r.status === 0) return exe;
    } catch {
      /* try next */
    }
  }
  return null;
}
