import { describe, expect, it } from "vitest";
import { InMemoryEventSource, SampleAugmenter, DataAnalyzer, morphingPoint, benchmark, type EventSetup } from "../src/index.js";

// A one-parameter toy with exact morphing: benchmarks at theta = 0 and 1, components 1 and theta,
// so w(theta) = (1 - theta) w0 + theta w1 (matrix rows: component 1 -> [1, 0], component theta -> [-1, 1]).
function toy(w0: number[], w1: number[], x: number[]): InMemoryEventSource {
  const n = x.length;
  const setup: EventSetup = {
    parameters: [{ name: "a" }],
    benchmarks: [
      { name: "b0", values: [0], isNuisance: false },
      { name: "b1", values: [1], isNuisance: false },
    ],
    morphing: { components: [[0], [1]], matrix: Float64Array.from([1, 0, -1, 1]) },
    observableNames: ["x"],
    nEvents: n,
    signalEvents: [n, 0],
    backgroundEvents: 0,
  };
  const weights = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    weights[2 * i] = w0[i];
    weights[2 * i + 1] = w1[i];
  }
  return new InMemoryEventSource(setup, { observations: Float64Array.from(x), weights, samplingBenchmarks: new Int32Array(n) });
}

describe("SampleAugmenter on analytic toys", () => {
  it("joint score equals the analytic d/dtheta log p for every drawn event", async () => {
    const n = 100;
    const w0 = Array.from({ length: n }, (_, i) => 1 + (i % 7) / 10);
    const w1 = Array.from({ length: n }, (_, i) => 1 + (i % 5) / 3);
    const sa = new SampleAugmenter(toy(w0, w1, Array.from({ length: n }, (_, i) => i)));
    const th = 0.3;
    const r = await sa.extractSamplesTrainLocal(morphingPoint([th]), 2000, { seed: 3, partition: "all", doublePrecision: true });
    let sig = 0, dsig = 0;
    for (let i = 0; i < n; i++) {
      sig += (1 - th) * w0[i] + th * w1[i];
      dsig += w1[i] - w0[i];
    }
    for (let s = 0; s < 2000; s++) {
      const e = r.eventIndices[s];
      expect(r.x.data[s]).toBe(e);
      const w = (1 - th) * w0[e] + th * w1[e];
      const t = (w1[e] - w0[e]) / w - dsig / sig;
      expect(Math.abs(r.tXz.data[s] - t)).toBeLessThan(1e-12);
    }
  });

  it("negative morphed weights get probability 0 and are reported; no NaN", async () => {
    // at theta = 2: w = -w0 + 2 w1 is negative for the first 10 events
    const n = 50;
    const w0 = Array.from({ length: n }, (_, i) => (i < 10 ? 3 : 1));
    const w1 = Array.from({ length: n }, () => 1);
    const warnings: string[] = [];
    const sa = new SampleAugmenter(toy(w0, w1, Array.from({ length: n }, (_, i) => i)));
    const r = await sa.extractSamplesTrainLocal(morphingPoint([2]), 500, { seed: 1, partition: "all", onWarning: (m) => warnings.push(m) });
    expect(r.negativeWeightEvents).toBe(10);
    expect(warnings.some((w) => /10 events have negative weight/.test(w))).toBe(true);
    for (let s = 0; s < 500; s++) {
      expect(r.eventIndices[s]).toBeGreaterThanOrEqual(10);
      expect(Number.isFinite(r.tXz.data[s])).toBe(true);
    }
  });

  it("reports the effective number of events and warns when one event dominates", async () => {
    const n = 20;
    const w0 = Array.from({ length: n }, (_, i) => (i === 0 ? 100 : 1));
    const sa = new SampleAugmenter(toy(w0, w0, Array.from({ length: n }, (_, i) => i)));
    const r = await sa.extractSamplesTrainPlain(benchmark("b0"), 100, { seed: 2, partition: "all" });
    // p_max = 100 / 119
    expect(Math.abs(r.effectiveNSamples - 119 / 100)).toBeLessThan(1e-12);
    expect(r.warnings.some((w) => /dominate/.test(w))).toBe(true);
  });

  it("a point with no positive cross section is an error, not an endless loop", async () => {
    const n = 5;
    const sa = new SampleAugmenter(toy([1, 1, 1, 1, 1], [-1, -1, -1, -1, -1], [0, 1, 2, 3, 4]));
    await expect(sa.extractSamplesTrainPlain(morphingPoint([1]), 10, { seed: 1, partition: "all" })).rejects.toThrow(/cross section/);
    const da = new DataAnalyzer(sa.source);
    const xs = await da.xsecs([[1]]);
    expect(xs.xsecs[0]).toBeCloseTo(-5, 12);
  });
});
