// A MadGraph run folder packed as .tar.gz (made here with the system tar from a real run's
// files): the first *.lhe / *.lhe.gz member is read, decompressed twice when needed.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { shared, noShared } from "../../../tools/test-support/shared.js";
import { readLHE } from "../src/index.js";
import { tempDir } from "./lhe-synthetic.js";

const haveTar = spawnSync("tar", ["--version"]).status === 0;

describe.skipIf(noShared() || !haveTar)("tar archives of a run", () => {
  it("reads the events of a run folder packed as .tar.gz (inner .lhe.gz and inner plain .lhe)", async () => {
    const dir = tempDir();
    const run = join(dir, "Events", "run_01");
    mkdirSync(run, { recursive: true });
    const src = shared("corpus", "madgraph", "wbf_h_aa_ewdim6", "run_01_sampled_sm");
    copyFileSync(join(src, "banner.txt"), join(run, "run_01_tag_1_banner.txt"));
    copyFileSync(join(src, "unweighted_events.lhe.gz"), join(run, "unweighted_events.lhe.gz"));
    // A long member name (> 100 characters) before the events exercises the GNU/ustar long-name paths.
    writeFileSync(join(run, "x".repeat(120) + ".txt"), "padding member\n");
    expect(spawnSync("tar", ["czf", join(dir, "run_01.tar.gz"), "-C", dir, "Events"]).status).toBe(0);
    const r = await readLHE(join(dir, "run_01.tar.gz"));
    expect(r.nEvents).toBe(10000);
    expect(r.header.weights.length).toBe(7);

    const plainDir = join(dir, "plain");
    mkdirSync(plainDir);
    writeFileSync(join(plainDir, "unweighted_events.lhe"), gunzipSync(readFileSync(join(src, "unweighted_events.lhe.gz"))));
    expect(spawnSync("tar", ["cf", join(dir, "plain.tar"), "-C", dir, "plain"]).status).toBe(0);
    const p = await readLHE(join(dir, "plain.tar"));
    expect(p.nEvents).toBe(10000);
  });
});
