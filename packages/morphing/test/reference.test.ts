// The morphing of the shared reference case against the values the Python
// MadMiner computed (../shared/reference/expected.json, section "morphing").
// Tolerance: 1e-10 relative with an absolute floor of 1e-12 times the scale
// of the compared array: the reference README says morphing is exact to about
// 1e-14, only summation order differs, and entries that cancel to ~1e-17
// (unit vectors at benchmarks) need the floor.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RandomState } from "@mm/util";
import {
  Morpher,
  componentWeights,
  evaluateMorphing,
  findComponents,
  findCouplingComponents,
  minBasisSize,
  morphingMatrix,
  morphingWeightGradients,
  morphingWeights,
  optimizeBasis,
} from "@mm/morphing";
import { noShared, shared } from "../../../tools/test-support/shared.js";

const REL = 1e-10;

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    const tol = REL * Math.abs(expected[i]) + 1e-12 * scale;
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tolerance ${tol})`);
    }
  }
}

describe.skipIf(noShared())("morphing vs Python MadMiner reference (expected.json)", () => {
  const ex = noShared() ? null : JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8")).morphing;
  const ranges = [
    [-20, 20],
    [-20, 20],
  ];
  const fixed = [
    [0, 0],
    [15.2, 0.1],
    [-15.4, 0.2],
    [0.3, 15.1],
    [0.4, -15.3],
  ];
  const comps = findComponents([2, 2], 2);
  const v5 = () => ex.set_morphing_reproduction.optimized_basis.morphing_basis_vector_5;
  const basis = () => [...fixed, [v5().CWL2, v5().CPWL2]];

  it("find_components for every power setting in the reference (exact)", () => {
    for (const [key, want] of Object.entries(ex.find_components_examples as Record<string, unknown>)) {
      let m = /^max_power=\[([\d, ]+)\],max_overall_power=(\d+)$/.exec(key);
      if (m) {
        const powers = m[1].split(",").map(Number);
        expect(findComponents(powers, Number(m[2])), key).toEqual(want);
        continue;
      }
      m = /^sympy_path_Np=(\d+),Nd=(\d+),Ns=(\d+)$/.exec(key);
      if (m) {
        expect(findCouplingComponents({ np: Number(m[1]), nd: Number(m[2]), ns: Number(m[3]) }), key).toEqual(want);
        continue;
      }
      m = /^get_min_basis_Np=(\d+),Nd=(\d+),Ns=(\d+)$/.exec(key);
      if (m) {
        expect(minBasisSize({ np: Number(m[1]), nd: Number(m[2]), ns: Number(m[3]) }), key).toBe(want);
        continue;
      }
      throw new Error(`unhandled reference key ${key}`);
    }
  });

  it("the seeded basis optimisation reproduces morphing_basis_vector_5 exactly (seed 2024, 100 trials, 100 test thetas)", () => {
    const r = ex.set_morphing_reproduction;
    const first = new RandomState(r.seed).rand(r.mt19937_first_draws_after_seed.length);
    expect(Array.from(first)).toEqual(r.mt19937_first_draws_after_seed);
    const best = optimizeBasis(comps, { ranges, fixedBenchmarks: fixed, seed: r.seed, nTrials: r.n_trials, nTestThetas: r.n_test_thetas });
    expect(best.basis.slice(0, 5)).toEqual(fixed);
    // Bit-for-bit: same MT19937 draws and the same choice among the trials.
    expect(best.basis[5]).toEqual([v5().CWL2, v5().CPWL2]);
  });

  it("Morpher.optimizeBasis with MadMiner-style benchmark records names the new point morphing_basis_vector_5", () => {
    const names = ["sm", "w", "neg_w", "ww", "neg_ww"];
    const m = new Morpher({
      parameters: [
        { name: "CWL2", maxPower: 2, range: [-20, 20] },
        { name: "CPWL2", maxPower: 2, range: [-20, 20] },
      ],
    });
    m.findComponents(2);
    const fromDict = Object.fromEntries(names.map((n, i) => [n, { CWL2: fixed[i][0], CPWL2: fixed[i][1] }]));
    const res = m.optimizeBasis({ fixedBenchmarksFromDict: fromDict, seed: 2024, nTrials: 100, nTestThetas: 100 });
    expect(res.names).toEqual([...names, "morphing_basis_vector_5"]);
    expect(res.basis[5]).toEqual([v5().CWL2, v5().CPWL2]);
  });

  it("the morphing matrix recomputed from the basis", () => {
    const m = morphingMatrix(comps, basis());
    expectClose(m, ex.recomputed_morphing_matrix_from_basis.flat(), "matrix");
  });

  it("component weights, morphing weights and gradients at the 10 reference thetas", () => {
    const m = morphingMatrix(comps, basis());
    for (const p of ex.points) {
      expectClose(componentWeights(comps, p.theta), p.component_weights, `component weights at ${p.theta}`);
      expectClose(morphingWeights(m, comps, p.theta), p.morphing_weights, `weights at ${p.theta}`);
      expectClose(morphingWeightGradients(m, comps, p.theta), p.morphing_weight_gradients.flat(), `gradients at ${p.theta}`);
    }
  });

  it("evaluate_morphing with seed 123 (objective over 100 thetas; per-theta values for 5)", () => {
    const m = morphingMatrix(comps, basis());
    const e100 = evaluateMorphing(m, comps, ranges, 100, new RandomState(123));
    expect(Math.abs(e100.objective - ex.evaluate_morphing_seed123_n_test_thetas_100)).toBeLessThanOrEqual(REL * Math.abs(ex.evaluate_morphing_seed123_n_test_thetas_100));
    const ref5 = ex.evaluate_morphing_seed123_n5_return_weights_and_thetas;
    const e5 = evaluateMorphing(m, comps, ranges, 5, new RandomState(123));
    // The thetas are lo + u (hi - lo) from the same MT19937 draws: exact.
    expect(e5.thetas).toEqual(ref5.thetas);
    expectClose(e5.squaredWeightSums, ref5.squared_weight_sums, "squared weight sums");
  });

  it("the hand-basis example of MadMiner's own tests (components [4,0]..[0,4])", () => {
    const h = ex.hand_basis_example;
    const mat = morphingMatrix(h.components, h.basis);
    // This basis is ill-conditioned (all points at theta_0 = 1): the reference itself has ~1e-14 relative noise.
    expectClose(mat, h.morphing_matrix.flat(), "hand matrix");
    expectClose(morphingWeights(mat, h.components, [1, 1]), h["weights_at_[1,1]"], "hand weights");
    expectClose(morphingWeightGradients(mat, h.components, [0.5, -2]), h["gradients_at_[0.5,-2]"].flat(), "hand gradients");
  });
});
