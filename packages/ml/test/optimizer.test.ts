// Optimiser steps against hand-computed PyTorch formulas (exact to float32
// rounding), the learning-rate schedule, and early stopping restoring the
// parameters of the best validation epoch.
import { describe, expect, it } from "vitest";
import { RandomState } from "@mm/util";
import { Adam, SGD, buildForward, buildLoss, initMLP, learningRate, mlpSpec, trainLoop, type NetworkSpec } from "../src/index.js";

describe("optimisers", () => {
  it("learning rate decays exponentially from initialLr (first epoch) to finalLr (last)", () => {
    expect(learningRate(0, 5, 1e-3, 1e-4)).toBeCloseTo(1e-3, 15);
    expect(learningRate(4, 5, 1e-3, 1e-4)).toBeCloseTo(1e-4, 15);
    expect(learningRate(2, 5, 1e-3, 1e-4)).toBeCloseTo(Math.sqrt(1e-7), 15);
  });

  it("Adam: two steps as PyTorch (bias-corrected moments)", () => {
    const p = [Float32Array.of(1)];
    const adam = new Adam(false);
    adam.step(p, [[0.5]], 0.1);
    // Step 1: m^ = g, v^ = g^2 -> update lr * g / (|g| + eps).
    expect(p[0][0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)), 6);
    adam.step(p, [[-0.2]], 0.1);
    const m = 0.9 * 0.05 + 0.1 * -0.2;
    const v = 0.999 * 0.001 * 0.25 + 0.001 * 0.04;
    const expected = 0.9 - (0.1 / (1 - 0.81)) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    expect(p[0][0]).toBeCloseTo(expected, 6);
  });

  it("AMSGrad keeps the running maximum of v", () => {
    const p = [Float32Array.of(0)];
    const ams = new Adam(true);
    ams.step(p, [[1]], 0.01);
    const after1 = p[0][0];
    ams.step(p, [[0.001]], 0.01);
    const m = 0.9 * 0.1 + 0.1 * 0.001;
    const vmax = 0.001; // v after step 1 (1e-3) exceeds v after step 2
    expect(p[0][0] - after1).toBeCloseTo(-(0.01 / (1 - 0.81)) * m / (Math.sqrt(vmax) / Math.sqrt(1 - 0.999 ** 2) + 1e-8), 6);
  });

  it("SGD with Nesterov momentum: p -= lr (g + mu * buf), buf = mu * buf + g", () => {
    const p = [Float32Array.of(1)];
    const sgd = new SGD(0.9, true);
    sgd.step(p, [[1]], 0.1);
    expect(p[0][0]).toBeCloseTo(1 - 0.1 * (1 + 0.9 * 1), 6);
    sgd.step(p, [[1]], 0.1);
    expect(p[0][0]).toBeCloseTo(0.81 - 0.1 * (1 + 0.9 * 1.9), 6);
  });
});

describe("early stopping", () => {
  it("restores the parameters of the epoch with the best validation loss", async () => {
    const rng = new RandomState(1);
    const n = 2000;
    const x = Float32Array.from(rng.standardNormal(n));
    // Noisy targets and a large learning rate make the validation loss go up and down.
    const t = Float32Array.from(x, (v) => 0.5 * v + 2 * (rng.nextGauss()));
    const spec: NetworkSpec = { kind: "score", nObservables: 1, nParameters: 1, nHidden: [32], activation: "tanh" };
    const params = initMLP(mlpSpec(spec), new RandomState(2));
    const snapshots: Float32Array[] = [];
    const result = await trainLoop(
      (g) => buildLoss(g, "sally", buildForward(g, spec, null), 1),
      params,
      { x: { data: x, width: 1 }, t_xz0: { data: t, width: 1 } },
      n,
      { nEpochs: 8, initialLr: 0.05, finalLr: 0.05, trainer: "adam", batchSize: 32, seed: 3, onEpoch: () => snapshots.push(params.get("layers.0.weight")!.slice()) },
    );
    const vals = result.valLosses as number[];
    const best = vals.indexOf(Math.min(...vals));
    expect(best).toBeLessThan(vals.length - 1); // the restore is exercised
    expect(result.bestEpoch).toBe(best);
    expect(Array.from(params.get("layers.0.weight")!)).toEqual(Array.from(snapshots[best]));
  });
});
