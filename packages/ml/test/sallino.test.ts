// SALLINO on the Gaussian toy: a sallino estimator (trained as SALLY) gives
// t^(x) ≈ x/2 at theta_ref = 0, so h = t^ . theta is monotonic in x and the
// histogram ratio of h recovers log r(x|theta,0) = (x^2 - (x-theta)^2)/4.
// Densities: 60,000 reference events x ~ N(0, 2) with analytic weights
// p(x|theta)/p(x|0) for theta. Accuracy: 40 equal-content bins make the
// binning error ~|d log r/dx| * bin width / 2 ≲ 0.05 in the bulk; we allow 0.1.
import { describe, expect, it } from "vitest";
import { RandomState } from "@mm/util";
import { Estimator, sallinoLogRatio } from "../src/index.js";
import { scoreSample, trueLogR } from "./toy.js";

describe("SALLINO on the Gaussian toy", () => {
  it("log r from the 1-D density of h is within 0.1 for |x| <= 1.5", async () => {
    const train = scoreSample(20000, 21);
    const { estimator } = await Estimator.train("sallino", { x: { data: train.x, shape: [20000, 1] }, t_xz0: { data: train.t, shape: [20000, 1] } }, { nHidden: [32, 32], nEpochs: 8, trainer: "adam", initialLr: 0.003, finalLr: 0.0003, seed: 3 });
    const rng = new RandomState(8);
    const n = 60000;
    const x = Float64Array.from({ length: n }, () => Math.SQRT2 * rng.nextGauss());
    const theta = 0.6;
    const w = Float64Array.from(x, (v) => Math.exp(trueLogR(v, theta, 0)));
    const t = await estimator.evaluateScore(x, n, 1);
    const grid = Float64Array.from({ length: 13 }, (_, i) => -1.5 + i * 0.25);
    const tg = await estimator.evaluateScore(grid, grid.length, 1);
    const logr = sallinoLogRatio({ tTheta: t, wTheta: w, tRef: t, wRef: null, tEval: tg, theta: [theta], thetaRef: [0], nBins: 40 });
    grid.forEach((xv, i) => expect(Math.abs(logr[i] - trueLogR(xv, theta, 0))).toBeLessThan(0.1));
  });
});
