// mm lhe end to end: examples/wbf_h_aa/setup.yaml + analysis.yaml on the two real MadGraph runs.
// Spawns the built CLI (apps/cli/dist/main.js): build with `pnpm turbo run build --filter=@mm/cli...` first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSetup, readEventsSummary } from "@mm/hdf5";
import { REPO_ROOT, noShared, shared, debianPython } from "../../../tools/test-support/shared.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const SETUP_YAML = resolve(REPO_ROOT, "examples/wbf_h_aa/setup.yaml");
const ANALYSIS = resolve(REPO_ROOT, "examples/wbf_h_aa/analysis.yaml");
const dir = mkdtempSync(join(tmpdir(), "mm-cli-lhe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mm(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(noShared())("mm lhe on the real runs", () => {
  const setup = join(dir, "setup.h5");
  const events = join(dir, "events.h5");
  let summary: { nEvents: number; benchmarks: string[]; samples: { crossSections: number[]; eventsRead: number; eventsPassed: number }[] };
  beforeAll(() => {
    expect(mm(["setup", "--config", SETUP_YAML, "-o", setup]).code).toBe(0);
    const r = mm(["lhe", "--setup", setup, "--config", ANALYSIS, "-o", events, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    summary = JSON.parse(r.stdout);
  }, 120_000);

  it("writes 20,000 events with 6 benchmark columns in setup order", async () => {
    expect(summary.nEvents).toBe(20000);
    expect(summary.benchmarks).toEqual(["sm", "w", "neg_w", "ww", "neg_ww", "morphing_basis_vector_5"]);
    const s = await readEventsSummary(events);
    expect(s?.nEvents).toBe(20000);
    expect(s?.signalEvents).toEqual([10000, 0, 0, 0, 0, 10000]);
    expect(s?.observables.names.length).toBe(13);
  });

  it("cross sections per benchmark equal benchmarks.json; val_1/val_2 are reproduced by morphing", async () => {
    const st = await readSetup(setup);
    const m = st.morphing!;
    const B = summary.benchmarks.length;
    for (const [k, run] of ["run_01_sampled_sm", "run_02_sampled_morphing_basis_vector_5"].entries()) {
      const bj = JSON.parse(readFileSync(shared("corpus", "madgraph", "wbf_h_aa_ewdim6", run, "benchmarks.json"), "utf8"));
      const xs = summary.samples[k].crossSections;
      // Same 10,000 numbers summed in another order: 1e-13 relative.
      summary.benchmarks.forEach((b, i) => expect(Math.abs(xs[i] / bj.benchmarks[b].xsec_pb_from_sum_of_weights - 1)).toBeLessThan(1e-13));
      for (const [val, theta] of [["val_1", [5, -5]], ["val_2", [-8, -8]]] as const) {
        let morphed = 0;
        let scale = 0;
        for (let b = 0; b < B; b++) {
          let w = 0;
          m.components.forEach((c, ci) => (w += c.reduce((a, e, p) => a * theta[p] ** e, 1) * m.matrix[ci * B + b]));
          morphed += w * xs[b];
          scale += Math.abs(w * xs[b]);
        }
        const ref = bj.benchmarks[val].xsec_pb_from_sum_of_weights as number;
        // LHE weights carry 8 significant digits: |error| ≤ 5e-8 (Σ|w_b σ_b| + σ_val).
        expect(Math.abs(morphed - ref)).toBeLessThan(5e-8 * (scale + ref));
      }
    }
  });

  const py = debianPython();
  it.skipIf(py === null)("h5py opens it, with the layout of Python MadMiner's events.h5 (every dataset: name, dtype, shape), and with shuffle_seed 2025 its weights equal Python MadMiner's events.h5 row for row", () => {
    const script = `
import h5py, numpy as np, sys
m = h5py.File(sys.argv[1], 'r'); g = h5py.File(sys.argv[2], 'r')
assert m['samples/weights'].dtype == np.float64 and m['samples/sampling_benchmarks'].dtype == np.int64
# The Python MadMiner layout: the same groups and datasets, each with the same dtype and shape.
def tree(f):
    out = {}
    f.visititems(lambda n, o: out.__setitem__(n, (str(o.dtype), o.shape) if isinstance(o, h5py.Dataset) else 'group'))
    return out
tm, tg = tree(m), tree(g)
assert tm == tg, {k: (tm.get(k), tg.get(k)) for k in set(tm) | set(tg) if tm.get(k) != tg.get(k)}
assert list(m['benchmarks/names'][:]) == list(g['benchmarks/names'][:])
assert list(m['observables/names'][:]) == list(g['observables/names'][:])
assert list(m['benchmarks/is_reference'][:]) == list(g['benchmarks/is_reference'][:]) == [1, 0, 0, 0, 0, 0], list(m['benchmarks/is_reference'][:])
assert np.array_equal(m['samples/weights'][:], g['samples/weights'][:])
assert np.array_equal(m['samples/sampling_benchmarks'][:], g['samples/sampling_benchmarks'][:])
a = m['samples/observations'][:]; b = g['samples/observations'][:]
a[:, 3] = np.mod(a[:, 3], 2 * np.pi)   # phi: (-pi, pi] in @mm, [0, 2pi) in Python MadMiner
rel = np.abs(a[:, :11] - b[:, :11]) / np.maximum(np.abs(b[:, :11]), 1.0)
print(rel.max())
`;
    const r = spawnSync(py!, ["-c", script, events, shared("reference", "real-lhe", "events.h5")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // Masses: the reference rebuilds each parton before E² − p² (see packages/delphes/test/real-lhe.test.ts).
    expect(Number(r.stdout.trim())).toBeLessThan(3e-12);
  });
});

describe("mm lhe errors", () => {
  it("names the config file and line of a bad key", () => {
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, "samples:\n  - file: x.lhe\n    sampled_from: sm\n");
    const setup = join(dir, "setup2.h5");
    expect(mm(["setup", "--config", SETUP_YAML, "-o", setup]).code).toBe(0);
    const r = mm(["lhe", "--setup", setup, "--config", cfg, "-o", join(dir, "x.h5")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${cfg}:3`);
    expect(r.stderr).toMatch(/unknown key 'sampled_from'/);
  });

  it.skipIf(noShared())("a truncated .gz sample: an error naming the file and event, and no output file", () => {
    const bytes = readFileSync(shared("corpus", "madgraph", "wbf_h_aa_ewdim6", "run_01_sampled_sm", "unweighted_events.lhe.gz"));
    const gz = join(dir, "cut.lhe.gz");
    writeFileSync(gz, bytes.subarray(0, 1_000_000));
    const cfg = join(dir, "cut.yaml");
    writeFileSync(cfg, `samples:\n  - { file: cut.lhe.gz, sampled_from_benchmark: sm }\nobservables:\n  - { name: pt_j1, definition: "j[0].pt" }\n`);
    const setup = join(dir, "setup3.h5");
    expect(mm(["setup", "--config", SETUP_YAML, "-o", setup]).code).toBe(0);
    const out = join(dir, "never.h5");
    const r = mm(["lhe", "--setup", setup, "--config", cfg, "-o", out, "--quiet"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(gz);
    expect(r.stderr).toMatch(/truncated or corrupt .* after \d+ complete events, inside event \d+/);
    expect(existsSync(out)).toBe(false);
  });
});
