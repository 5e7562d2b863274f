// YAML configuration files with line numbers: errors name the file, the line
// and the key (used by `mm setup` and `mm lhe`).
import { readFileSync } from "node:fs";
import { InputError } from "@mm/util";
import { LineCounter, parseDocument, type Document } from "yaml";

/** The line of the node at a key path (or of its nearest parent), for error messages. */
export type Loc = (path: (string | number)[]) => number | undefined;

/** Reads a YAML file; syntax errors are InputErrors naming the file and line. */
export function loadYaml(file: string): { data: unknown; line: Loc } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(`cannot read the config: ${(err as Error).message}`, { file });
  }
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new InputError(`YAML syntax error: ${e.message.split("\n")[0]}`, { file, line: e.linePos?.[0]?.line });
  }
  const line: Loc = (path) => {
    for (let k = path.length; k >= 0; k--) {
      const node = doc.getIn(path.slice(0, k), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { data: doc.toJS(), line };
}

export const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
