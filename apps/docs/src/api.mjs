// Extracts a package's public API from its built type declarations: every
// name exported by dist/index.d.ts, followed to its declaring .d.ts file,
// with the TSDoc comment above the declaration.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";

/** Returns [{ name, signature, doc }] for a package folder, or [] when it is not built. */
export function publicApi(packageDir) {
  const index = join(packageDir, "dist", "index.d.ts");
  if (!existsSync(index)) return [];
  const entries = [];
  const text = readFileSync(index, "utf8");
  for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from\s+["']([^"']+)["']/g)) {
    const file = resolve(dirname(index), m[3].replace(/\.js$/, ".d.ts"));
    const source = existsSync(file) ? readFileSync(file, "utf8") : "";
    for (const raw of m[2].split(",").map((s) => s.trim()).filter(Boolean)) {
      const [orig, alias] = raw.replace(/^type\s+/, "").split(/\s+as\s+/);
      entries.push({ name: alias ?? orig, ...declaration(source, orig) });
    }
  }
  return entries;
}

function declaration(source, name) {
  const re = new RegExp(`(/\\*\\*(?:[^*]|\\*(?!/))*\\*/\\s*)?export\\s+(?:declare\\s+)?(?:abstract\\s+)?(function|class|interface|type|const|enum)\\s+${name}\\b[^\\n]*`);
  const m = source.match(re);
  if (!m) return { signature: name, doc: "" };
  const doc = (m[1] ?? "").replace(/^\/\*\*|\*\/\s*$/g, "").split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n").trim();
  return { signature: m[0].slice((m[1] ?? "").length).trim(), doc };
}
