// Extracts a package's public API from its built type declarations: every
// name exported by dist/index.d.ts, followed to its declaring .d.ts file and
// parsed with the TypeScript compiler, so that a declaration is shown whole
// (a class with its public members, an interface with its fields, a function
// with its full parameter types), with the TSDoc comment above it.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import ts from "typescript";

/** Returns [{ name, kind, signature, doc }] for a package folder, or [] when it is not built. */
export function publicApi(packageDir) {
  const index = join(packageDir, "dist", "index.d.ts");
  if (!existsSync(index)) return [];
  const entries = [];
  const text = readFileSync(index, "utf8");
  const parsed = new Map();
  for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from\s+["']([^"']+)["']/g)) {
    const file = resolve(dirname(index), m[3].replace(/\.js$/, ".d.ts"));
    if (!parsed.has(file)) parsed.set(file, existsSync(file) ? declarations(readFileSync(file, "utf8"), file) : new Map());
    const decls = parsed.get(file);
    for (const raw of m[2].split(",").map((s) => s.trim()).filter(Boolean)) {
      const [orig, alias] = raw.replace(/^type\s+/, "").split(/\s+as\s+/);
      const d = decls.get(orig);
      entries.push({ name: alias ?? orig, kind: d?.kind ?? "", signature: d?.signature ?? orig, doc: d ? tsdocToMarkdown(d.doc) : "" });
    }
  }
  return entries;
}

const KINDS = [
  [ts.isClassDeclaration, "class"],
  [ts.isInterfaceDeclaration, "interface"],
  [ts.isFunctionDeclaration, "function"],
  [ts.isTypeAliasDeclaration, "type"],
  [ts.isEnumDeclaration, "enum"],
  [ts.isVariableStatement, "const"],
];

/** name → { kind, signature, doc } for the exported declarations of one .d.ts file. */
function declarations(source, fileName) {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = new Map();
  const importedFrom = new Map();
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      for (const el of st.importClause.namedBindings.elements) importedFrom.set(el.name.text, st.moduleSpecifier.text);
    }
  }
  for (const st of sf.statements) {
    // `import type { X } from "pkg"; export type { X };`: a documented re-export of another package's type.
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        const name = el.name.text;
        const from = importedFrom.get((el.propertyName ?? el.name).text);
        if (from && !out.has(name)) out.set(name, { kind: "type", signature: `export type { ${name} } from "${from}";`, doc: jsDocOf(st, sf) });
      }
      continue;
    }
    const kind = KINDS.find(([is]) => is(st))?.[1];
    if (!kind) continue;
    const names = ts.isVariableStatement(st) ? st.declarationList.declarations.map((d) => d.name.getText(sf)) : st.name ? [st.name.getText(sf)] : [];
    const doc = jsDocOf(st, sf);
    const signature = withoutPrivateMembers(st, sf);
    for (const name of names) {
      // Overloaded functions: every signature, and the comment of the first overload that has one.
      const prev = out.get(name);
      if (prev && kind === "function") {
        prev.signature += "\n" + signature;
        if (!prev.doc) prev.doc = doc;
      } else out.set(name, { kind, signature, doc });
    }
  }
  return out;
}

/** The text of the JSDoc comment right above a statement, without the comment markers. */
function jsDocOf(st, sf) {
  const ranges = ts.getLeadingCommentRanges(sf.getFullText(), st.getFullStart()) ?? [];
  const last = ranges.filter((r) => sf.getFullText().startsWith("/**", r.pos)).at(-1);
  if (!last) return "";
  return sf
    .getFullText()
    .slice(last.pos, last.end)
    .replace(/^\/\*\*|\*\/$/g, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
}

/** The declaration's text from `export` on, without `private` members (implementation details of a class). */
function withoutPrivateMembers(st, sf) {
  let text = source(sf).slice(st.getStart(sf, false), st.end);
  if (ts.isClassDeclaration(st)) {
    const start = st.getStart(sf, false);
    const cuts = st.members
      .filter((m) => m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword) || (m.name && ts.isPrivateIdentifier(m.name)))
      .map((m) => [m.getFullStart() - start, m.end - start])
      .reverse();
    for (const [a, b] of cuts) text = text.slice(0, a) + text.slice(b);
  }
  return text.replace(/\n{3,}/g, "\n\n").trim();
}

const source = (sf) => sf.getFullText();

/** TSDoc to Markdown: {@link X} as code, @param / @returns / @throws / @example as a list. */
export function tsdocToMarkdown(doc) {
  if (!doc) return "";
  const linked = doc.replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|?\s*([^}]*))?\}/g, (_, target, label) => (label?.trim() ? `${label.trim()} (\`${target}\`)` : `\`${target}\``));
  // The text before the first tag line, then one entry per tag (a comment may start with a tag).
  const parts = linked.split(/\n(?=@\w)/);
  const [body, ...tags] = /^@\w/.test(parts[0]) ? ["", ...parts] : parts;
  const lines = [body.trim()];
  const list = [];
  for (const t of tags) {
    const m = /^@(\w+)\s*([\s\S]*)$/.exec(t.trim());
    if (!m) continue;
    const [, tag, restRaw] = m;
    const rest = restRaw.replace(/\s*\n\s*/g, " ").trim();
    if (tag === "param") {
      const p = /^(\S+)\s*(?:-\s*)?([\s\S]*)$/.exec(rest);
      list.push(`- \`${p?.[1] ?? rest}\`${p?.[2] ? ` — ${p[2]}` : ""}`);
    } else if (tag === "returns" || tag === "return") list.push(`- returns ${rest}`);
    else if (tag === "throws") list.push(`- throws ${rest}`);
    else if (tag === "example") lines.push("", "Example:", "", "```ts", restRaw.trim(), "```");
    else if (tag === "deprecated") lines.unshift(`**Deprecated.** ${rest}`);
    else list.push(`- ${tag}: ${rest}`);
  }
  if (list.length) lines.push("", ...list);
  return lines.join("\n").trim();
}
