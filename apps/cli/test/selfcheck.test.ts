// The demo's shape test: the χ² of a weighted cos θ histogram against the exact
// bin integrals of dσ/dcos θ must be small for events of the right distribution
// and large for the wrong one (it is a test that can fail).
import { describe, expect, it } from "vitest";
import { generateEvents } from "@mm/generator";
import { MAX_SHAPE_CHI2, shapeChi2 } from "../src/demo/selfcheck.js";
import { DEMO_COS_MAX, DEMO_SQRT_S } from "../src/demo/inputs.js";

describe("demo self-check: cos θ shape χ²", () => {
  const sm = { name: "sm", values: [0, 0] };
  const bsm = { name: "bsm", values: [0.9, 0.9] };
  const ev = generateEvents({ nEvents: 20000, seed: 11, sqrtS: DEMO_SQRT_S, cosMax: DEMO_COS_MAX, sampling: sm, benchmarks: [sm, bsm] });
  const column = (b: number) => Float64Array.from({ length: ev.nEvents }, (_, i) => ev.weights[i * 2 + b]);

  it("events at the SM, weights at the SM and reweighted to a BSM point: χ² of order the number of bins", () => {
    // 10 bins: mean 10, standard deviation √20 ≈ 4.5 for correct uncertainties.
    expect(shapeChi2(ev.cosTheta, column(0), [0, 0])).toBeLessThan(MAX_SHAPE_CHI2);
    expect(shapeChi2(ev.cosTheta, column(1), [0.9, 0.9])).toBeLessThan(MAX_SHAPE_CHI2);
  });

  it("the wrong distribution is rejected: SM weights against the BSM shape, or a flat cos θ", () => {
    expect(shapeChi2(ev.cosTheta, column(0), [0.9, 0.9])).toBeGreaterThan(100 * MAX_SHAPE_CHI2);
    // Flat in cos θ with the right total: the forward-backward asymmetry is missing.
    const flat = Float64Array.from({ length: ev.nEvents }, (_, i) => -DEMO_COS_MAX + (2 * DEMO_COS_MAX * (i + 0.5)) / ev.nEvents);
    expect(shapeChi2(flat, column(0), [0, 0])).toBeGreaterThan(10 * MAX_SHAPE_CHI2);
  });
});
