// Argument handling shared by every command: negative numbers as option values,
// and a closed stdout pipe (mm ... | head).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, noShared, shared } from "../../../tools/test-support/shared.js";
import { joinNegativeValues, parse } from "../src/command.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const options = { theta: { type: "string", multiple: true }, range: { type: "string", short: "r" }, json: { type: "boolean" } } as const;

describe("negative option values", () => {
  it("a value that starts like a negative number is joined to its option", () => {
    expect(joinNegativeValues(["--theta", "-1,0", "--range", "-3.2,3.2", "-r", "-.5,1", "--json"], options)).toEqual(["--theta=-1,0", "--range=-3.2,3.2", "--range=-.5,1", "--json"]);
    expect(joinNegativeValues(["--theta", "-1e-3,2;-4,5"], options)).toEqual(["--theta=-1e-3,2;-4,5"]);
  });
  it("options, boolean flags, '=' forms and everything after -- are left alone", () => {
    expect(joinNegativeValues(["--json", "-1", "--theta=-1,0", "--theta", "--json"], options)).toEqual(["--json", "-1", "--theta=-1,0", "--theta", "--json"]);
    expect(joinNegativeValues(["--", "--theta", "-1"], options)).toEqual(["--", "--theta", "-1"]);
  });
  it("parse() accepts --theta -1,0 and keeps a clear message for a missing value", () => {
    expect(parse("xsec", ["--theta", "-1,0", "--theta", "2,-3"], options).values.theta).toEqual(["-1,0", "2,-3"]);
    expect(() => parse("xsec", ["--theta"], options)).toThrow(/^mm xsec: Option '--theta <value>' argument missing\. Run 'mm xsec --help'/);
  });
});

describe.skipIf(noShared())("mm ... | head", () => {
  it("stops quietly when the reader closes the pipe (no EPIPE stack trace)", () => {
    const thetas = Array.from({ length: 3000 }, (_, i) => `--theta -${i % 7},${i % 5}`).join(" ");
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${MAIN}" xsec --file "${shared("reference", "events.h5")}" ${thetas} --json | head -c 10`], { encoding: "utf8" });
    expect(r.stdout).toBe("{\n  \"theta");
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });
});
