// Spawns the built CLI (apps/cli/dist/main.js): build with
// `pnpm turbo run build --filter=@mm/cli...` first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSetup } from "@mm/hdf5";
import { REPO_ROOT, noShared, shared } from "../../../tools/test-support/shared.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const EXAMPLE = resolve(REPO_ROOT, "examples/wbf_h_aa/setup.yaml");
const dir = mkdtempSync(join(tmpdir(), "mm-cli-setup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mm(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("mm setup", () => {
  it("writes the tutorial setup of examples/wbf_h_aa/setup.yaml", async () => {
    const out = join(dir, "setup.h5");
    const r = mm(["setup", "--config", EXAMPLE, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/morphing_basis_vector_5\s+-12\.2\s+12\.8/);
    const s = await readSetup(out);
    expect(s.parameters).toEqual([
      { name: "CWL2", lhaBlock: "dim6", lhaId: 2, maxPower: 2, range: [-20, 20], transform: "16.52*theta" },
      { name: "CPWL2", lhaBlock: "dim6", lhaId: 5, maxPower: 2, range: [-20, 20], transform: "16.52*theta" },
    ]);
    expect(s.benchmarks.map((b) => [b.name, ...b.values])).toEqual([
      ["sm", 0, 0],
      ["w", 15.2, 0.1],
      ["neg_w", -15.4, 0.2],
      ["ww", 0.3, 15.1],
      ["neg_ww", 0.4, -15.3],
      ["morphing_basis_vector_5", -12.2, 12.8],
    ]);
    expect(s.morphing!.components).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [2, 0]]);
  });

  it.skipIf(noShared())("its benchmarks are those of the real MadGraph runs (benchmarks.json)", async () => {
    const s = await readSetup(join(dir, "setup.h5"));
    for (const run of ["run_01_sampled_sm", "run_02_sampled_morphing_basis_vector_5"]) {
      const text = readFileSync(shared("corpus", "madgraph", "wbf_h_aa_ewdim6", run, "benchmarks.json"), "utf8");
      for (const b of s.benchmarks) expect(text).toContain(`"${b.name}"`);
    }
  });

  it.skipIf(noShared())("equals the setup.h5 Python MadMiner wrote for the real-LHE runs (reference/real-lhe)", async () => {
    const ours = await readSetup(join(dir, "setup.h5"));
    const ref = await readSetup(shared("reference", "real-lhe", "setup.h5"));
    expect(ours.parameters).toEqual(ref.parameters);
    expect(ours.benchmarks).toEqual(ref.benchmarks);
    expect(ours.morphing!.components).toEqual(ref.morphing!.components);
    // Inverse by @mm/morphing vs LAPACK: 1e-12 relative to the largest entry (observed 7e-18).
    const scale = Math.max(...Array.from(ref.morphing!.matrix, Math.abs));
    ref.morphing!.matrix.forEach((x, i) => expect(Math.abs(ours.morphing!.matrix[i]! - x)).toBeLessThanOrEqual(1e-12 * scale));
  });

  it("resolves 'output' relative to the config file's folder; --json", () => {
    const yaml = readFileSync(EXAMPLE, "utf8").replace("output: setup.h5", "output: sub/out.h5");
    const cfg = join(dir, "relative.yaml");
    writeFileSync(cfg, yaml);
    const r = mm(["setup", "--config", cfg, "--json"], tmpdir());
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.output).toBe(join(dir, "sub", "out.h5"));
    expect(j.benchmarks).toHaveLength(6);
  });

  it("systematics and finite differences from the config", async () => {
    const cfg = join(dir, "syst.yaml");
    writeFileSync(
      cfg,
      "parameters:\n  - {name: a, lha_block: dim6, lha_id: 2, parameter_range: [-1, 1]}\nbenchmarks:\n  - {name: sm, values: {a: 0}}\n" +
        "morphing: {max_overall_power: 2, seed: 1, n_trials: 3}\nsystematics:\n  - {effect: scale, scale: muf}\n  - {effect: norm, name: lumi, norm_variation: 1.02}\n" +
        "finite_differences: {epsilon: 0.05}\n",
    );
    const out = join(dir, "syst.h5");
    expect(mm(["setup", "--config", cfg, "-o", out]).code).toBe(0);
    const s = await readSetup(out);
    expect(s.systematics).toEqual([
      { name: "scale_0", type: "scale", value: "0.5,1.0,2.0", scale: "muf" },
      { name: "lumi", type: "norm", value: "1.02", scale: null },
    ]);
    expect(s.finiteDifferences!.epsilon).toBe(0.05);
    expect(s.finiteDifferences!.shiftedBenchmarks[0]).toEqual(["sm_plus_a"]);
  });

  it("a bad config names the file, the line and the key", () => {
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, "parameters:\n  - name: a\n    lha_block: dim6\n    lha_id: 2\nbenchmarks:\n  - name: sm\n    values: {a: 0, b: 1}\n");
    const r = mm(["setup", "--config", cfg, "-o", join(dir, "bad.h5")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:6: benchmarks\.0: .*unknown parameter 'b'/);
    writeFileSync(cfg, "parameters:\n  - name: a\n    lha_block: dim6\n    lha_id: 2\n    param_card_transform: 'theta +* 2'\n");
    const r2 = mm(["setup", "--config", cfg, "-o", join(dir, "bad.h5")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/bad\.yaml:2: parameters\.0: .*paramCardTransform/);
    expect(mm(["setup"]).stderr).toMatch(/--config is required/);
  });
});

describe.skipIf(noShared())("mm morphing", () => {
  interface Point {
    theta: number[];
    morphing_weights: number[];
    morphing_weight_gradients: number[][];
  }
  const points = (): Point[] => JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8")).morphing.points;

  it("--json weights and gradients equal Python's at reference thetas (1e-10 relative)", () => {
    // Four of the ten reference thetas (each spawn starts the whole CLI): the origin,
    // a mixed point, the corner of the range and an irrational-looking one.
    for (const p of [0, 3, 6, 7].map((i) => points()[i]!)) {
      const r = mm(["morphing", "--file", shared("reference", "setup.h5"), `--theta=${p.theta.join(",")}`, "--gradient", "--json"]);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as { weights: number[]; gradient: number[][]; benchmarks: string[] };
      expect(j.benchmarks).toHaveLength(6);
      // 1e-10 relative to the largest entry: same stored matrix, float summation order may differ.
      const close = (a: number[], b: number[]) => {
        const scale = Math.max(1, ...b.map(Math.abs));
        a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThanOrEqual(1e-10 * scale));
      };
      close(j.weights, p.morphing_weights);
      expect(j.gradient).toHaveLength(2); // parameters × benchmarks
      j.gradient.forEach((row, i) => close(row, p.morphing_weight_gradients[i]!));
    }
  });

  it("prints a table without --json; clear errors", () => {
    const r = mm(["morphing", "--file", shared("reference", "setup.h5"), "--theta", "0.5,-1.2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Morphing weights at CWL2 = 0\.5, CPWL2 = -1\.2/);
    expect(r.stdout).toMatch(/morphing_basis_vector_5/);
    expect(mm(["morphing", "--file", shared("reference", "setup.h5"), "--theta", "0.5"]).stderr).toMatch(/--theta has 1 values but .* has 2 parameters \(CWL2, CPWL2\)/);
    expect(mm(["morphing", "--file", shared("reference", "setup.h5"), "--theta", "a,b"]).stderr).toMatch(/comma-separated numbers/);
  });
});

describe.skipIf(noShared())("mm inspect", () => {
  it("summarises an events file, with cross sections equal to Python's DataAnalyzer.xsecs", () => {
    const r = mm(["inspect", shared("reference", "events.h5"), "--stats", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.events.nEvents).toBe(50000);
    expect(j.events.signalEvents).toEqual([30000, 8000, 0, 0, 7000, 0]);
    const want = JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8")).xsecs.benchmark_xsecs_all.xsecs_pb as number[];
    // 1e-12 relative: the same sums with the same k-factors, in batch order.
    (j.stats.xsec as number[]).forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThanOrEqual(1e-12 * want[i]!));
    const text = mm(["inspect", shared("reference", "events.h5")]).stdout;
    expect(text).toMatch(/Parameters \(2, in theta order\)/);
    expect(text).toMatch(/sm\s+0\s+0\s+reference\s+30000/);
    expect(text).toMatch(/Events: 50000 \(5000 background\)/);
  });

  it("says what an old file lacks", () => {
    const r = mm(["inspect", shared("corpus", "madminer-h5", "madminer-2019-workflow-with-samples.h5")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Format notes/);
    expect(r.stdout).toMatch(/sampling_benchmarks and \/sample_summary missing/);
    const bad = mm(["inspect", shared("corpus", "madminer-h5", "madminer-workflow-training-samples-npy.tar.gz")]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not an HDF5 file/);
  });
});
