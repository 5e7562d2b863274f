// The docs build produces a page per package and the CLI reference from the built CLI.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

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
