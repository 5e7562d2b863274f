import { describe, expect, it } from "vitest";
import { readNpy } from "@mm/util";
import { FisherInformation, type ScoreFunction } from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";
import { json, referenceSource, relErr } from "./helpers.js";

/**
 * The saved SALLY model of reference/sally as a ScoreFunction, written here independently of
 * @mm/ml: x scaled in float64 by the saved means/stds, cast to float32, then the float32 MLP
 * Linear-tanh-Linear-tanh-Linear (reference/README.md "SALLY forward pass").
 */
function sallyScore(): ScoreFunction {
  const m = json("reference", "sally", "model_weights.json");
  const sd = m.state_dict;
  const layers = [0, 1, 2].map((i) => ({ W: sd[`layers.${i}.weight`] as number[][], b: sd[`layers.${i}.bias`] as number[] }));
  const f = Math.fround;
  return {
    nParameters: 2,
    async evaluateScore(x, nRows, nFeatures) {
      const out = new Float64Array(nRows * 2);
      for (let r = 0; r < nRows; r++) {
        let h = Array.from({ length: nFeatures }, (_, k) => f((x[r * nFeatures + k] - m.x_means[k]) / m.x_stds[k]));
        layers.forEach((L, i) => {
          if (i > 0) h = h.map((v) => f(Math.tanh(v)));
          h = L.W.map((row, o) => f(row.reduce((s, w, k) => f(s + f(f(w) * h[k])), f(L.b[o]))));
        });
        out[r * 2] = h[0];
        out[r * 2 + 1] = h[1];
      }
      return out;
    },
  };
}

describe("fullInformation with an analytic score function", () => {
  it("a constant score c gives I = L σ c cᵀ (+ the rate information)", async () => {
    // two events, one benchmark-like column per weight; morphing: w(θ) = 1 + θ (components [0],[1])
    const { InMemoryEventSource } = await import("@mm/sampling");
    const src = new InMemoryEventSource(
      {
        parameters: [{ name: "a" }],
        benchmarks: [{ name: "b0", values: [0], isNuisance: false }, { name: "b1", values: [1], isNuisance: false }],
        morphing: { components: [[0], [1]], matrix: Float64Array.from([1, 0, -1, 1]) },
        observableNames: ["x"],
        nEvents: 10,
        signalEvents: [10, 0],
        backgroundEvents: 0,
      },
      { observations: Float64Array.from({ length: 10 }, (_, i) => i), weights: Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 0.1 : 0.2)), samplingBenchmarks: new Int32Array(10) },
    );
    const fi = new FisherInformation(src);
    const c = 0.7;
    const sf: ScoreFunction = { nParameters: 1, evaluateScore: async (_x, n) => new Float64Array(n).fill(c) };
    const r = await fi.fullInformation([0.5], sf, { luminosity: 100, includeXsecInfo: false, testSplit: null });
    // σ(0.5) = Σ (0.5·0.1 + 0.5·0.2) = 10 × 0.15 = 1.5 pb
    expect(Math.abs(r.information[0][0] - 100 * 1.5 * c * c)).toBeLessThan(1e-12);
  });
});

describe.skipIf(noShared())("fullInformation / histogramOfInformation with the saved SALLY model", () => {
  // The float32 forward pass agrees with torch to ~1e-6 relative per event; summed
  // informations agree to 1e-5 relative (README: 1e-5 for the SALLY forward pass).
  const TOL = 1e-5;
  const e = () => json("reference", "expected.json").sally;

  it("weighted test split (with and without rate) and unweighted x_eval", async () => {
    const fi = new FisherInformation(referenceSource());
    const sf = sallyScore();
    const r = await fi.fullInformation([0, 0], sf, { luminosity: 300000 });
    expect(relErr(r.information, e().full_information_weighted_test_split)).toBeLessThan(TOL);
    const nr = await fi.fullInformation([0, 0], sf, { luminosity: 300000, includeXsecInfo: false });
    expect(relErr(nr.information, e().full_information_weighted_no_rate)).toBeLessThan(TOL);
    const xe = readNpy(shared("reference", "sally", "x_eval.npy"));
    const x = Float64Array.from(xe.data as Float32Array);
    const u = await fi.fullInformation([0, 0], sf, { luminosity: 300000, unweightedX: { x, n: xe.shape[0] } });
    expect(relErr(u.information, e().full_information_unweighted_x_eval)).toBeLessThan(TOL);
  });

  it("histogram of information with the model", async () => {
    const h = e().histogram_of_information_ml;
    const fi = new FisherInformation(referenceSource());
    const r = await fi.histogramOfInformation([0, 0], { observable: "pt_j1", nbins: 10, histrange: [20, 420], luminosity: 300000, scoreFunction: sallyScore() });
    expect(relErr(r.binBoundaries, h.bin_boundaries)).toBeLessThan(1e-12);
    expect(relErr(r.sigmaBins, h.sigma_bins_pb)).toBeLessThan(1e-9);
    expect(relErr(r.fisherInfosRate, h.fisher_infos_rate)).toBeLessThan(1e-9);
    expect(relErr(r.fisherInfosFull, h.fisher_infos_full)).toBeLessThan(TOL);
  });
});
