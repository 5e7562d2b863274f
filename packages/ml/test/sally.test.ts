import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Estimator } from "../src/index.js";
import { debianPython } from "../../../tools/test-support/shared.js";
import { scoreSample, trueScore } from "./toy.js";

describe("SALLY on the Gaussian toy (t(x|0) = x/2)", async () => {
  const train = scoreSample(20000, 1);
  const { estimator, result } = await Estimator.train(
    "sally",
    { x: { data: train.x, shape: [train.x.length, 1] }, t_xz0: { data: train.t, shape: [train.t.length, 1] } },
    { nHidden: [32, 32], nEpochs: 8, batchSize: 128, initialLr: 0.003, finalLr: 0.0003, trainer: "adam", seed: 3 },
  );
  const grid = Float64Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);

  it("learns the score on held-out points to 0.05 absolute (|x| <= 2)", async () => {
    // Regression on the joint score has irreducible noise var 1/2 per sample; with
    // 15k training samples the fit is good to a few 1e-2 inside +-2 sigma.
    const t = await estimator.evaluateScore(grid, grid.length, 1);
    for (let i = 0; i < grid.length; i++) expect(Math.abs(t[i] - trueScore(grid[i], 0))).toBeLessThan(0.05);
    // Losses are the MSE against the joint score: the minimum is Var(z|x) = 1/2.
    expect(result.valLosses[result.bestEpoch]).toBeGreaterThan(0.45);
    expect(result.valLosses[result.bestEpoch]).toBeLessThan(0.56);
  });

  it("Fisher information equals the mean of t t^T (analytic: 1/2 for x ~ N(0, 2))", async () => {
    const test = scoreSample(20000, 99);
    const info = await estimator.calculateFisherInformation(test.x, test.x.length, 1, { nEvents: 10 });
    // I(theta) = 1/Var(x) = 1/2 per event; statistical error of the sample mean ~ 1%.
    expect(info[0] / 10).toBeCloseTo(0.5, 1);
  });

  it("saves and loads (settings JSON + ONNX) with identical outputs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-ml-"));
    estimator.save(join(dir, "model"));
    const back = Estimator.load(join(dir, "model"));
    const a = await estimator.evaluateScore(grid, grid.length, 1);
    const b = await back.evaluateScore(grid, grid.length, 1);
    expect(Array.from(b)).toEqual(Array.from(a));
    // A fresh onnxruntime session built from the file alone (onnxruntime-node itself with its
    // default options, not @mm/ml's wrapper; raw inputs, the scaling is in the graph) gives the
    // same outputs, exactly: the same float32 graph.
    const ort = await import("onnxruntime-node");
    const s = await ort.InferenceSession.create(join(dir, "model.onnx"));
    const res = await s.run({ x: new ort.Tensor("float32", Float32Array.from(grid), [grid.length, 1]) });
    expect(Array.from(res.t_hat.data as Float32Array)).toEqual(Array.from(a));
  });

  it.skipIf(!debianPython(["onnx"]))("exported ONNX passes onnx.checker.check_model", () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-ml-"));
    estimator.save(join(dir, "model"));
    const py = debianPython(["onnx"])!;
    const r = spawnSync(py, ["-c", "import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print([i.name for i in m.graph.input],[o.name for o in m.graph.output])", join(dir, "model.onnx")], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("['x'] ['t_hat']");
  });
});

describe("SALLY grad_x", () => {
  it("the Jacobian d t / d x matches finite differences (float32 net: 2e-3 absolute)", async () => {
    const train = scoreSample(4000, 2);
    const x2 = new Float64Array(8000);
    for (let i = 0; i < 4000; i++) {
      x2[2 * i] = train.x[i];
      x2[2 * i + 1] = train.t[i] - train.x[i];
    }
    const t2 = new Float64Array(8000);
    for (let i = 0; i < 4000; i++) {
      t2[2 * i] = train.t[i];
      t2[2 * i + 1] = -train.t[i];
    }
    const { estimator } = await Estimator.train("sally", { x: { data: x2, shape: [4000, 2] }, t_xz0: { data: t2, shape: [4000, 2] } }, { nHidden: [8], nEpochs: 2, seed: 1 });
    const x = Float64Array.of(0.3, -0.2, -1, 0.5);
    const { gradX } = await estimator.evaluateScoreWithGradX(x, 2, 2);
    const h = 1e-2;
    for (let n = 0; n < 2; n++)
      for (let d = 0; d < 2; d++) {
        const up = x.slice();
        const dn = x.slice();
        up[n * 2 + d] += h;
        dn[n * 2 + d] -= h;
        const tu = await estimator.evaluateScore(up, 2, 2);
        const td = await estimator.evaluateScore(dn, 2, 2);
        for (let k = 0; k < 2; k++) expect(gradX![(n * 2 + k) * 2 + d]).toBeCloseTo((tu[n * 2 + k] - td[n * 2 + k]) / (2 * h), 2);
      }
  });
});
