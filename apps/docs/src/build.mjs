// Builds the documentation site into dist/: the pages in pages/*.md, one page
// per package (its README plus the public names from its type declarations,
// with their doc comments), and the CLI reference taken from the built `mm`
// command's own --help output, so that the docs cannot drift from the code.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { marked } from "marked";
import { publicApi } from "./api.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, "..");
const repo = resolve(app, "..", "..");
const out = join(app, "dist");
mkdirSync(out, { recursive: true });

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

const pages = [];
for (const file of readdirSync(join(app, "pages")).filter((f) => f.endsWith(".md")).sort()) {
  const md = readFileSync(join(app, "pages", file), "utf8");
  const title = (md.match(/^#\s+(.+)$/m) ?? [, file])[1];
  pages.push({ slug: file.replace(/^\d+-/, "").replace(/\.md$/, ""), title, section: "Guide", md });
}

const cli = join(repo, "apps", "cli", "dist", "main.js");
if (existsSync(cli)) {
  const help = (args) => {
    try {
      return execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    } catch (e) {
      return String(e.stdout ?? "");
    }
  };
  const top = help(["--help"]);
  const names = [...top.matchAll(/^ {2}(\S+)\s{2,}/gm)].map((m) => m[1]);
  let md = "# CLI reference\n\nGenerated from the built `mm` command.\n\n```text\n" + top + "```\n";
  for (const n of names) md += `\n## mm ${n}\n\n\`\`\`text\n${help([n, "--help"])}\`\`\`\n`;
  pages.push({ slug: "cli", title: "CLI reference", section: "Reference", md });
}

for (const name of readdirSync(join(repo, "packages")).sort()) {
  const dir = join(repo, "packages", name);
  const readme = existsSync(join(dir, "README.md")) ? readFileSync(join(dir, "README.md"), "utf8") : `# @mm/${name}\n`;
  // Classes and functions first (what a user calls), then constants, then the types they take and return;
  // the package's own order within each kind.
  const order = ["class", "function", "const", "interface", "type", "enum", ""];
  const api = publicApi(dir)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => order.indexOf(a.e.kind) - order.indexOf(b.e.kind) || a.i - b.i)
    .map(({ e }) => e);
  let md = readme + "\n\n## Public API\n\n";
  md += api.length === 0 ? "_(not built yet: run `pnpm build`)_\n" : api.map((e) => `### \`${e.name}\`\n\n${e.doc || "_(undocumented)_"}\n\n\`\`\`ts\n${e.signature}\n\`\`\`\n`).join("\n");
  pages.push({ slug: `pkg-${name}`, title: `@mm/${name}`, section: "Packages", md });
}

const nav = ["Guide", "Reference", "Packages"]
  .map((sec) => `<h3>${sec}</h3><ul>${pages.filter((p) => p.section === sec).map((p) => `<li><a href="${p.slug}.html">${escapeHtml(p.title)}</a></li>`).join("")}</ul>`)
  .join("");
const css = `body{font:16px/1.55 system-ui,sans-serif;margin:0;display:flex;color:#1d1d1f}nav{width:230px;padding:1rem;background:#f5f5f7;min-height:100vh;box-sizing:border-box}nav h3{font-size:.8rem;text-transform:uppercase;color:#666}nav ul{list-style:none;padding:0}nav a{color:#0645ad;text-decoration:none}main{max-width:1100px;padding:1rem 2rem;min-width:0;flex:1}pre{background:#f6f8fa;padding:.8rem;overflow:auto;font-size:13px}code{font-size:90%}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem}`;
for (const p of pages) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.title)} — @mm</title><style>${css}</style></head><body><nav><h2><a href="index.html">@mm</a></h2>${nav}</nav><main>${marked.parse(p.md)}</main></body></html>`;
  writeFileSync(join(out, `${p.slug}.html`), html);
}
const first = pages.find((p) => p.slug === "index") ?? pages[0];
if (first && first.slug !== "index") writeFileSync(join(out, "index.html"), readFileSync(join(out, `${first.slug}.html`)));
console.log(`docs: ${pages.length} pages in ${out}`);
