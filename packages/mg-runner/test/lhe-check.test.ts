// The post-run reweighting check on real LHE files of the corpus (read in place),
// and on broken inputs the test writes itself.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FormatError, ToolError } from "@mm/util";
import { checkPython, checkReweighting, scanLheWeights } from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";

const tmp = mkdtempSync(join(tmpdir(), "mm-lhe-check-"));

describe.skipIf(noShared())("scanLheWeights on real files", () => {
  it("MadGraph 3.5.7 run_02: 10,000 events, 7 declared ids, each in every event", async () => {
    const scan = await scanLheWeights(shared("corpus", "madgraph", "wbf_h_aa_ewdim6", "run_02_sampled_morphing_basis_vector_5", "unweighted_events.lhe.gz"));
    expect(scan.nEvents).toBe(10000);
    expect(scan.declaredIds).toEqual(["sm", "w", "neg_w", "ww", "neg_ww", "val_1", "val_2"]);
    for (const id of scan.declaredIds) expect(scan.eventCounts.get(id)).toBe(10000);
    const check = checkReweighting(scan, ["sm", "w", "neg_w", "ww", "neg_ww"]);
    expect(check.ok).toBe(true);
  });

  it("MadMiner-driven MG 3.5.3 run (weight descriptions over two lines): 100 events, 5 ids", async () => {
    const scan = await scanLheWeights(shared("corpus", "lhe", "madminer-ewdim6-morphing-signal0-100ev.lhe"));
    expect(scan.nEvents).toBe(100);
    expect(scan.declaredIds).toEqual([1, 2, 3, 4, 5].map((k) => `morphing_basis_vector_${k}`));
    // The sampling benchmark SM is the main weight: asking for it names it.
    const check = checkReweighting(scan, ["SM", "morphing_basis_vector_1"]);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/lacks the weights of benchmark\(s\) SM \(missing in 100 of 100 events\)/);
  });

  it("a truncated .gz is a FormatError naming the file", async () => {
    const whole = readFileSync(shared("corpus", "lhe", "madminer-ewdim6-morphing-ratio0-10k.lhe.gz"));
    const cut = join(tmp, "truncated.lhe.gz");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(scanLheWeights(cut)).rejects.toThrow(FormatError);
    await expect(scanLheWeights(cut)).rejects.toThrow(/truncated\.lhe\.gz: cannot read the LHE file after event \d+: unexpected end of file/);
  });

  it("an event that lacks one weight is counted", async () => {
    const text = gunzipSync(readFileSync(shared("corpus", "lhe", "madminer-ewdim6-morphing-ratio0-10k.lhe.gz"))).toString("utf8");
    const first = text.indexOf("<wgt id='morphing_basis_vector_3'>");
    const end = text.indexOf("\n", first);
    const broken = join(tmp, "one-missing.lhe.gz");
    writeFileSync(broken, gzipSync(text.slice(0, first) + text.slice(end + 1)));
    const scan = await scanLheWeights(broken);
    const check = checkReweighting(scan, [1, 2, 3, 4, 5].map((k) => `morphing_basis_vector_${k}`));
    expect(check.missingInEvents).toEqual([{ id: "morphing_basis_vector_3", eventsWithout: 1 }]);
    expect(check.message).toMatch(/missing in 1 of 10000 events/);
  });
});

describe("checkPython", () => {
  const fake = (version: string) => {
    const f = join(tmp, `python-${version}`);
    writeFileSync(f, `#!/bin/bash\necho "Python ${version}"\n`);
    chmodSync(f, 0o755);
    return f;
  };
  const mg3 = { version: "3.5.7", major: 3, minor: 5, executable: "" };
  const mg29 = { version: "2.9.18", major: 2, minor: 9, executable: "" };
  it("accepts Python 3.7+ and names unsupported versions", () => {
    expect(checkPython(fake("3.11.2"), mg3)).toBe("3.11.2");
    expect(() => checkPython(fake("2.7.18"), mg3)).toThrow(/Python 2\.7\.18 .* cannot run MadGraph 3\.5\.7: it needs Python 3\.7 or newer/);
    expect(() => checkPython(fake("3.6.9"), mg3)).toThrow(/too old/);
    expect(() => checkPython(fake("3.13.0"), mg29)).toThrow(ToolError);
    expect(() => checkPython(join(tmp, "no-such-python"))).toThrow(/cannot run the Python interpreter/);
  });
  it("the Debian python3 of this machine passes", () => {
    const r = spawnSync("/usr/bin/python3", ["--version"]);
    if (r.status !== 0) return;
    expect(checkPython("/usr/bin/python3", mg3)).toMatch(/^3\./);
  });
});
