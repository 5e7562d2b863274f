// The docs build produces a page per package and the CLI reference from the built CLI.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsdocToMarkdown } from "../src/api.mjs";

const app = join(__dirname, "..");

describe("docs site", () => {
  it("builds one page per package with its public API", () => {
    execFileSync(process.execPath, [join(app, "src", "build.mjs")], { encoding: "utf8" });
    const dist = join(app, "dist");
    const packages = readdirSync(join(app, "..", "..", "packages"));
    for (const p of packages) expect(existsSync(join(dist, `pkg-${p}.html`))).toBe(true);
    const util = readFileSync(join(dist, "pkg-util.html"), "utf8");
    // InputError is exported by @mm/util's index and documented in its declaration.
    expect(util).toContain("InputError");
    expect(util).toContain("Bad user input");
    expect(readFileSync(join(dist, "cli.html"), "utf8")).toContain("Usage: mm &lt;command&gt;");
    // Declarations are shown whole: a class with its public methods (no private fields), a multi-line parameter type.
    const core = readFileSync(join(dist, "pkg-core.html"), "utf8");
    expect(core).toMatch(/export declare class MadMiner \{[\s\S]*addParameter\(options: AddParameterOptions\): void;[\s\S]*setMorphing\(/);
    expect(core).not.toMatch(/private params;/);
    expect(readFileSync(join(dist, "pkg-morphing.html"), "utf8")).toMatch(/minBasisSize\(counts: \{\s*np\?: number;\s*nd\?: number;\s*ns\?: number;\s*\}\): number;/);
    // TSDoc tags in the prose are rendered, not printed raw (declarations in code blocks keep their comments as written).
    for (const p of packages) expect(readFileSync(join(dist, `pkg-${p}.html`), "utf8").replace(/<pre>[\s\S]*?<\/pre>/g, ""), p).not.toMatch(/\{@link|^@param|^@returns/m);
  });

  it("has no broken links between its pages", () => {
    const dist = join(app, "dist");
    const pages = new Set(readdirSync(dist).filter((f) => f.endsWith(".html")));
    expect(pages.has("tutorial.html")).toBe(true);
    for (const page of pages) {
      const html = readFileSync(join(dist, page), "utf8");
      for (const m of html.matchAll(/href="([^"#:]+\.html)(#[^"]*)?"/g)) expect(pages.has(m[1]), `${page} links to ${m[1]}`).toBe(true);
    }
  });
});

describe("TSDoc rendering", () => {
  it("renders tags as a list, also when the comment starts with a tag; {@link} as code", () => {
    expect(tsdocToMarkdown("@param x - the value")).toBe("- `x` — the value");
    expect(tsdocToMarkdown("Scales {@link Morpher} weights.\n@param k the factor\n@returns the scaled copy")).toBe("Scales `Morpher` weights.\n\n- `k` — the factor\n- returns the scaled copy");
  });
});
