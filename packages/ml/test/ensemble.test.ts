import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnsembleForge, combineMembers, loadScoreFunction, voteWeights } from "../src/index.js";
import { scoreSample } from "./toy.js";

describe("ensemble combination formulas", () => {
  it("equal weights give the mean and the (n-1) sample covariance (exact to 1e-12)", () => {
    const v = [Float64Array.of(1, 2), Float64Array.of(3, 2), Float64Array.of(5, 8)];
    const c = combineMembers(v, [1, 1, 1]);
    expect(Array.from(c.mean)).toEqual([3, 4]);
    // Hand-computed: var(1,3,5) = 4, var(2,2,8) = 12, cov = ((-2)(-2) + 0 + 2*4)/2 = 6.
    [4, 6, 6, 12].forEach((e, i) => expect(c.covariance[i]).toBeCloseTo(e, 12));
  });
  it("vote weights are softmax(-beta |E_i|)", () => {
    const w = voteWeights([[0.3, 0.4], [0, 0]], 2, 2);
    const a = Math.exp(-2 * 0.5);
    expect(w[0]).toBeCloseTo(a / (a + 1), 14);
    expect(w[1]).toBeCloseTo(1 / (a + 1), 14);
    expect(Array.from(voteWeights(null, 1, 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe("EnsembleForge of SALLY estimators on the Gaussian toy", async () => {
  const train = scoreSample(10000, 5);
  const ens = new EnsembleForge();
  for (let i = 0; i < 3; i++) ens.addEstimator();
  await ens.trainAll("sally", { x: { data: train.x, shape: [10000, 1] }, t_xz0: { data: train.t, shape: [10000, 1] } }, { nHidden: [16, 16], nEpochs: 5, initialLr: 0.003, finalLr: 0.001, trainer: "adam", seed: 10 });
  const test = scoreSample(10000, 6);

  it("expected scores are ~0 (|E[t]| < 0.05: network bias plus ~0.007 statistical error)", async () => {
    const e = await ens.calculateExpectation(test.x, 10000, 1);
    expect(e).toHaveLength(3);
    for (const m of e) expect(Math.abs(m[0])).toBeLessThan(0.05);
  });

  it("Fisher information: mean near 1/2 per event, members differ, covariance positive", async () => {
    const r = await ens.calculateFisherInformation(test.x, 10000, 1, { nEvents: 1, voteExpectationWeight: 1 });
    expect(r.mean[0]).toBeGreaterThan(0.4);
    expect(r.mean[0]).toBeLessThan(0.6);
    expect(r.covariance[0]).toBeGreaterThan(0);
    const mean = r.members.reduce((a, m) => a + m[0], 0) / 3;
    expect(Math.abs(r.mean[0] - mean)).toBeLessThan(0.05);
  });

  it("save/load round trip; loadScoreFunction recognises the folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-ens-"));
    ens.save(dir);
    const sf = loadScoreFunction(dir);
    expect(sf.ensemble?.nEstimators).toBe(3);
    const x = Float64Array.of(-1, 0, 1);
    const a = await ens.evaluateScore(x, 3, 1);
    const b = await sf.evaluateScore(x, 3, 1);
    expect(Array.from(b)).toEqual(Array.from(a));
    const ev = await ens.evaluate(x, 3, 1);
    expect(ev.covariance).toHaveLength(3);
  });
});

describe("informationFromModel (for mm fisher detector)", async () => {
  const { informationFromModel } = await import("../src/index.js");
  const train = scoreSample(4000, 7);
  const ens = new EnsembleForge(2);
  await ens.trainAll("sally", { x: { data: train.x, shape: [4000, 1] }, t_xz0: { data: train.t, shape: [4000, 1] } }, { nHidden: [8], nEpochs: 2, seed: 1 });
  const dir = mkdtempSync(join(tmpdir(), "mm-ens-info-"));
  ens.save(dir);
  ens.estimators[0]!.save(join(dir, "single"));
  const x = Float64Array.of(-1, 0.5, 2);
  const compute = async (sf: { evaluateScore: (x: Float64Array, n: number, f: number) => Promise<Float64Array> }) => {
    const t = await sf.evaluateScore(x, 3, 1);
    return [[t.reduce((a, v) => a + v * v, 0)]];
  };

  it("an ensemble folder gives mean, covariance and members; a model prefix gives one matrix", async () => {
    const e = await informationFromModel(dir, compute);
    expect(e.members).toHaveLength(2);
    expect(e.information[0][0]).toBeCloseTo((e.members[0][0][0] + e.members[1][0][0]) / 2, 12);
    // Two equal-weight members: unbiased variance = (a - b)^2 / 2.
    expect(e.covariance![0][0][0][0]).toBeCloseTo((e.members[0][0][0] - e.members[1][0][0]) ** 2 / 2, 12);
    const s = await informationFromModel(join(dir, "single"), compute);
    expect(s.covariance).toBeNull();
    expect(s.information[0][0]).toBeCloseTo(e.members[0][0][0], 6);
  });
});
