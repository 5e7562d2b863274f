// mm train / evaluate / ensemble: spawns the built CLI (build with
// `pnpm turbo run build --filter=@mm/cli...` first).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RandomState, writeNpy } from "@mm/util";
import { REPO_ROOT, noShared, shared } from "../../../tools/test-support/shared.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const dir = mkdtempSync(join(tmpdir(), "mm-cli-ml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mm(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Gaussian toy: z ~ N(0,1), x = z + N(0,1); the joint score at theta = 0 is z, t(x|0) = x/2.
const rng = new RandomState(3);
const n = 8000;
const x = new Float64Array(n);
const t = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const z = rng.nextGauss();
  x[i] = z + rng.nextGauss();
  t[i] = z;
}
writeNpy(join(dir, "x_toy.npy"), x, [n, 1], { dtype: "float32" });
writeNpy(join(dir, "t_xz_toy.npy"), t, [n, 1], { dtype: "float32" });
writeNpy(join(dir, "x_eval.npy"), Float64Array.of(-1, 0, 1), [3, 1]);

describe("mm train / mm evaluate / mm ensemble", () => {
  it("trains SALLY with --json history, evaluates it (t(x) ≈ x/2 within 0.15)", () => {
    const tr = mm(["train", "sally", "--samples", dir, "--name", "toy", "-o", join(dir, "m"), "--hidden", "16,16", "--epochs", "6", "--trainer", "adam", "--lr", "0.003", "--seed", "1", "--json"]);
    expect(tr.code, tr.stderr).toBe(0);
    const hist = JSON.parse(tr.stdout);
    expect(hist.train_losses).toHaveLength(6);
    expect(hist.seed).toBe(1);
    const ev = mm(["evaluate", "--model", join(dir, "m"), "--x", join(dir, "x_eval.npy"), "--json"]);
    expect(ev.code, ev.stderr).toBe(0);
    const score = JSON.parse(ev.stdout).score as number[][];
    [-0.5, 0, 0.5].forEach((v, i) => expect(Math.abs(score[i][0] - v)).toBeLessThan(0.15));
  });

  it("a fresh onnxruntime session built from m.onnx alone gives the same outputs as mm evaluate", async () => {
    // onnxruntime-node itself (not @mm/ml's wrapper), default session options, raw inputs: the
    // input scaling is part of the graph. Exact equality: the same float32 graph, and mm evaluate
    // prints the float32 outputs as doubles.
    const ort = createRequire(resolve(REPO_ROOT, "packages/ml/package.json"))("onnxruntime-node") as typeof import("onnxruntime-node");
    const session = await ort.InferenceSession.create(readFileSync(join(dir, "m.onnx")));
    expect(session.inputNames).toEqual(["x"]);
    expect(session.outputNames).toEqual(["t_hat"]);
    const xs = Float32Array.of(-1.7, -1, -0.2, 0, 0.3, 1, 2.4);
    writeNpy(join(dir, "x_fresh.npy"), Float64Array.from(xs), [xs.length, 1]);
    const res = await session.run({ x: new ort.Tensor("float32", xs, [xs.length, 1]) });
    const ev = mm(["evaluate", "--model", join(dir, "m"), "--x", join(dir, "x_fresh.npy"), "--json"]);
    expect(ev.code, ev.stderr).toBe(0);
    const score = JSON.parse(ev.stdout).score as number[][];
    expect(score.map((r) => r[0])).toEqual(Array.from(res.t_hat.data as Float32Array));
  });

  it("reports a missing sample file clearly", () => {
    const r = mm(["train", "carl", "--samples", dir, "--name", "toy", "-o", join(dir, "c")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/theta0_toy\.npy/);
  });

  it("ensemble train + evaluate give weights, mean and covariance", () => {
    const tr = mm(["ensemble", "train", "sally", "--samples", dir, "--name", "toy", "-o", join(dir, "ens"), "--n-estimators", "2", "--hidden", "8", "--epochs", "2", "--json"]);
    expect(tr.code, tr.stderr).toBe(0);
    const ev = mm(["ensemble", "evaluate", "--model", join(dir, "ens"), "--x", join(dir, "x_toy.npy"), "--expectation-x", join(dir, "x_toy.npy"), "--n-events", "10", "--json"]);
    expect(ev.code, ev.stderr).toBe(0);
    const out = JSON.parse(ev.stdout);
    expect(out.weights).toHaveLength(2);
    expect(out.fisher_information_covariance[0][0][0][0]).toBeGreaterThanOrEqual(0);
  });

  it.skipIf(noShared())("evaluates the Python MadMiner SALLY model to 1e-5 relative", () => {
    const ev = mm(["evaluate", "--model", shared("reference", "sally", "model"), "--x", shared("reference", "sally", "x_eval.npy"), "--json"]);
    expect(ev.code, ev.stderr).toBe(0);
    const score = JSON.parse(ev.stdout).score as number[][];
    const ref = JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8")).sally.evaluate_score_on_x_eval.t_hat as number[][];
    // 1e-5 relative with a 3e-7 absolute floor for outputs near zero (float32 rounding of the last
    // layer's sum, a few ulps of 1; see packages/ml/test/python-model.test.ts).
    ref.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(score[i][j] - v)).toBeLessThanOrEqual(1e-5 * Math.abs(v) + 3e-7)));
  });

  it.skipIf(noShared())("mm fisher detector with the Python SALLY model gives Python's full_information (weighted test split) to 1e-5", () => {
    const r = mm(["fisher", "detector", "--file", shared("reference", "events.h5"), "--model", shared("reference", "sally", "model"), "--theta", "0,0", "--luminosity", "300000", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout).information as number[][];
    expect(JSON.parse(r.stdout).covariance).toBeNull(); // one model: no ensemble spread to report
    const ref = JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8")).sally.full_information_weighted_test_split as number[][];
    // 1e-5: the model runs in float32 in onnxruntime, as Python's torch model does.
    ref.forEach((row, a) => row.forEach((v, b) => expect(Math.abs(info[a][b] - v)).toBeLessThanOrEqual(1e-5 * Math.abs(v))));
  });

  it("mm fisher detector names a missing events file", () => {
    const r = mm(["fisher", "detector", "--file", "missing.h5", "--model", join(dir, "ens"), "--theta", "0,0"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/missing\.h5/);
  });

  it.skipIf(noShared())("mm fisher detector with an ensemble folder: the members' mean, their covariance, and each member as mm fisher detector gives it", () => {
    const events = shared("reference", "events.h5");
    const smp = mm(["sample", "local", "--file", events, "--theta", "0,0", "-n", "4000", "--out", join(dir, "ref"), "--name", "loc", "--seed", "3"]);
    expect(smp.code, smp.stderr).toBe(0);
    const tr = mm(["ensemble", "train", "sally", "--samples", join(dir, "ref"), "--name", "loc", "-o", join(dir, "ens2"), "--n-estimators", "2", "--hidden", "8", "--epochs", "2", "--seed", "5"]);
    expect(tr.code, tr.stderr).toBe(0);
    const args = ["--file", events, "--theta", "0,0", "--luminosity", "300000", "--json"];
    const ens = mm(["fisher", "detector", "--model", join(dir, "ens2"), ...args]);
    expect(ens.code, ens.stderr).toBe(0);
    const r = JSON.parse(ens.stdout);
    expect(r.members).toHaveLength(2);
    // Without --vote-expectation-weight the members count equally: the mean of the two matrices,
    // each equal (1e-12) to the information of that member alone.
    for (let m = 0; m < 2; m++) {
      const one = JSON.parse(mm(["fisher", "detector", "--model", join(dir, "ens2", `estimator_${m}`), ...args]).stdout).information as number[][];
      one.forEach((row, a) => row.forEach((v, b) => expect(Math.abs(r.members[m][a][b] - v)).toBeLessThanOrEqual(1e-12 * Math.abs(v))));
    }
    r.information.forEach((row: number[], a: number) => row.forEach((v, b) => expect(v).toBeCloseTo((r.members[0][a][b] + r.members[1][a][b]) / 2, 9)));
    expect(r.covariance[0][0][0][0]).toBeGreaterThan(0);
    // The vote needs the members' expected scores: a clear error without them ...
    const noExp = mm(["fisher", "detector", "--model", join(dir, "ens2"), ...args, "--vote-expectation-weight", "1"]);
    expect(noExp.code).toBe(2);
    expect(noExp.stderr).toMatch(/ens2: the expectation-weighted vote needs each member's expected score, and this ensemble has none.*--expectation-x/);
    // ... and with them (saved by ensemble train --expectation-x) the weights are softmax(-beta |E[t_i]|).
    const tr3 = mm(["ensemble", "train", "sally", "--samples", join(dir, "ref"), "--name", "loc", "-o", join(dir, "ens3"), "--n-estimators", "2", "--hidden", "8", "--epochs", "2", "--seed", "5", "--expectation-x", join(dir, "ref", "x_loc.npy")]);
    expect(tr3.code, tr3.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, "ens3", "ensemble.json"), "utf8")).expectations as number[][];
    expect(saved).toHaveLength(2);
    const beta = 50;
    const voted = JSON.parse(mm(["fisher", "detector", "--model", join(dir, "ens3"), ...args, "--vote-expectation-weight", String(beta)]).stdout);
    const norms = saved.map((e) => Math.hypot(...e));
    const ws = norms.map((nrm) => Math.exp(-beta * (nrm - Math.min(...norms))));
    ws.forEach((w, k) => expect(voted.weights[k]).toBeCloseTo(w / (ws[0] + ws[1]), 12));
    expect(Math.abs(voted.weights[0] - 0.5)).toBeGreaterThan(1e-6); // the members differ, so the vote is not equal
  });
});
