// The sampler options and thin wrappers of issue 4 that the Python-call tests do not reach:
// theta specifications under both names, extractRawData (with derivative) against the
// reference's weighted events, and which events a sample may come from (closest benchmark,
// test split, switchTrainTestEvents) — checked through the file row of every drawn event
// against the partition bounds of expected.json (xsecs.partition_bounds_test0.2_val0.2).
import { describe, expect, it } from "vitest";
import {
  SampleAugmenter,
  benchmark,
  benchmarks,
  constantBenchmarkTheta,
  constantMorphingTheta,
  morphingPoint,
  morphingPoints,
  multipleBenchmarkThetas,
  multipleMorphingThetas,
  randomMorphingPoints,
  randomMorphingThetas,
} from "../src/index.js";
import { noShared } from "../../../tools/test-support/shared.js";
import { expected, flat, referenceSource, relErr } from "./helpers.js";

describe("theta specifications", () => {
  it("the seed's names and the newer MadMiner names build the same specifications", () => {
    expect(constantBenchmarkTheta("sm")).toEqual(benchmark("sm"));
    expect(multipleBenchmarkThetas(["sm", "w"])).toEqual(benchmarks(["sm", "w"]));
    expect(constantMorphingTheta([1, 2])).toEqual(morphingPoint([1, 2]));
    expect(multipleMorphingThetas([[1, 2], [3, 4]])).toEqual(morphingPoints([[1, 2], [3, 4]]));
    expect(randomMorphingThetas(5, [["flat", -1, 1], ["gaussian", 0, 2]])).toEqual(randomMorphingPoints(5, [["flat", -1, 1], ["gaussian", 0, 2]]));
    expect(benchmark("sm")).toEqual({ type: "benchmark", value: "sm" });
  });
});

describe.skipIf(noShared())("extractRawData and where samples come from (reference/events.h5)", () => {
  // Deterministic float64: 1e-9 relative (reference README), absolute floor 1e-12 for gradients that cancel.
  const TOL = 1e-9;

  it("extractRawData: benchmark weights, weights at theta and their gradients as Python's weighted events", async () => {
    const e = expected().weighted_events;
    const sa = new SampleAugmenter(referenceSource());
    const raw = await sa.extractRawData();
    expect(raw.n).toBe(e.n_all_events);
    expect(relErr(raw.x.subarray(0, 24), flat(e.first6_observations))).toBe(0);
    expect(relErr(raw.weights.subarray(0, 36), flat(e.first6_benchmark_weights))).toBeLessThan(1e-15);
    const at = await sa.extractRawData(e.theta);
    expect(relErr(at.weights.subarray(0, 6), e.first6_weights_at_theta)).toBeLessThan(TOL);
    const grad = await sa.extractRawData(e.theta, { derivative: true });
    expect(grad.columns).toBe(2);
    expect(relErr(grad.weights.subarray(0, 12), flat(e.first6_weight_gradients_at_theta), 1e-12)).toBeLessThan(TOL);
  });

  it("closest benchmark (default), test split and switchTrainTestEvents decide which file rows are drawn", async () => {
    const bounds = expected().xsecs["partition_bounds_test0.2_val0.2"];
    const src = referenceSource();
    const sa = new SampleAugmenter(src);
    const N = src.setup.nEvents;
    const ids = src.samplingBenchmarks;
    const range = (idx: Int32Array) => [Math.min(...idx), Math.max(...idx)];

    // Default: train partition, only events generated at the closest benchmark ('sm' = id 0) or background (-1).
    const d = await sa.extractSamplesTrainLocal(benchmark("sm"), 5000, { seed: 7 });
    const [lo, hi] = range(d.eventIndices);
    expect(lo).toBeGreaterThanOrEqual(bounds.train.start_event);
    expect(hi).toBeLessThan(bounds.train.end_event);
    expect(new Set(Array.from(d.eventIndices, (i) => ids[i]))).toEqual(new Set([0, -1]));

    // Without the closest-benchmark filter, events of the other samples are drawn too.
    const all = await sa.extractSamplesTrainLocal(benchmark("sm"), 5000, { seed: 7, sampleOnlyFromClosestBenchmark: false });
    expect(new Set(Array.from(all.eventIndices, (i) => ids[i])).size).toBeGreaterThan(2);

    // switchTrainTestEvents: training samples from the test partition ...
    const sw = await sa.extractSamplesTrainLocal(benchmark("sm"), 5000, { seed: 7, switchTrainTestEvents: true });
    const [slo, shi] = range(sw.eventIndices);
    expect(slo).toBeGreaterThanOrEqual(bounds.test.start_event);
    expect(shi).toBeLessThan(N);
    // ... and test samples from the train partition.
    const t = await sa.extractSamplesTest(benchmark("sm"), 5000, { seed: 7 });
    expect(Math.min(...t.eventIndices)).toBeGreaterThanOrEqual(bounds.test.start_event);
    const ts = await sa.extractSamplesTest(benchmark("sm"), 5000, { seed: 7, switchTrainTestEvents: true });
    expect(Math.max(...ts.eventIndices)).toBeLessThan(bounds.train.end_event);

    // testSplit 0.5 (validation 0.2): train = [0, round(0.3 N)).
    const half = await sa.extractSamplesTrainLocal(benchmark("sm"), 5000, { seed: 7, testSplit: 0.5 });
    expect(Math.max(...half.eventIndices)).toBeLessThan(Math.round(0.3 * N));
  });
});
