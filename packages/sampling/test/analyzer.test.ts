import { describe, expect, it } from "vitest";
import { DataAnalyzer, SampleAugmenter, morphingPoints, benchmarks, benchmark, openEventsFile, partitionBounds, pyRound } from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";
import { expected, flat, referenceSource, relErr } from "./helpers.js";

// Deterministic float64 quantities: reference/README.md suggests 1e-9 relative
// (only the summation order differs from numpy's pairwise sums).
const TOL = 1e-9;

describe("partitions (Python's off-by-one)", () => {
  it("reproduces the bounds for N = 50000, test = validation = 0.2", () => {
    expect(partitionBounds("train", 50000)).toEqual({ start: 0, end: 30000, correctionFactor: 1.6666666666666665 });
    expect(partitionBounds("validation", 50000)).toEqual({ start: 30001, end: 40000, correctionFactor: 5 });
    expect(partitionBounds("test", 50000)).toEqual({ start: 40001, end: null, correctionFactor: 5 });
    expect(partitionBounds("all", 50000)).toEqual({ start: 0, end: null, correctionFactor: 1 });
  });
  it("rounds half to even like Python's round()", () => {
    expect([pyRound(0.5), pyRound(1.5), pyRound(2.5), pyRound(2.4999), pyRound(3.5)]).toEqual([0, 2, 2, 2, 4]);
  });
});

describe.skipIf(noShared())("DataAnalyzer on reference/events.h5", () => {
  const ex = () => expected();
  const thetas = () => ex().morphing.thetas as number[][];

  it("sampling factors and closest benchmark", () => {
    const da = new DataAnalyzer(referenceSource());
    expect(relErr(da.samplingFactors(), ex().setup.sampling_factors, 1e-300)).toBeLessThan(1e-15);
    expect(da.findClosestBenchmark([0, 0])).toBe(0);
    // neg_w (index 2) has no events, so a point next to it goes to another benchmark
    expect(da.findClosestBenchmark([-15.4, 0.2])).not.toBe(2);
  });

  it("benchmark cross sections and uncertainties", async () => {
    const da = new DataAnalyzer(referenceSource());
    const r = await da.xsecs();
    const e = ex().xsecs.benchmark_xsecs_all;
    expect(relErr(r.xsecs, e.xsecs_pb)).toBeLessThan(TOL);
    expect(relErr(r.uncertainties, e.uncertainties_pb)).toBeLessThan(TOL);
  });

  it("cross sections at 10 thetas on every partition", async () => {
    const da = new DataAnalyzer(referenceSource());
    for (const partition of ["all", "train", "validation", "test"] as const) {
      const r = await da.xsecs(thetas(), { partition });
      const e = ex().xsecs[`morphing_thetas_partition_${partition}`];
      expect(relErr(r.xsecs, e.xsecs_pb), partition).toBeLessThan(TOL);
      expect(relErr(r.uncertainties, e.uncertainties_pb), partition).toBeLessThan(TOL);
    }
  });

  it("by benchmark name, generated close to theta0, gradients", async () => {
    const da = new DataAnalyzer(referenceSource());
    const byName = ex().xsecs.by_benchmark_name;
    const r1 = await da.xsecs(byName.thetas);
    expect(relErr(r1.xsecs, byName.xsecs_pb)).toBeLessThan(TOL);
    expect(relErr(r1.uncertainties, byName.uncertainties_pb)).toBeLessThan(TOL);
    const close = ex().xsecs.morphing_thetas_generated_close_to_theta0;
    const r2 = await da.xsecs(thetas(), { generatedCloseTo: close.generated_close_to });
    expect(relErr(r2.xsecs, close.xsecs_pb)).toBeLessThan(TOL);
    expect(relErr(r2.uncertainties, close.uncertainties_pb)).toBeLessThan(TOL);
    // Read from the file in batches of one event: most batches hold no event generated close to
    // theta0 after the filter (empty batches, the first one too); they must not change the sums.
    const fromFile = new DataAnalyzer(await openEventsFile(shared("reference", "events.h5")));
    const r3 = await fromFile.xsecs(thetas(), { generatedCloseTo: close.generated_close_to, batchSize: 1 });
    expect(relErr(r3.xsecs, close.xsecs_pb)).toBeLessThan(TOL);
    expect(relErr(r3.uncertainties, close.uncertainties_pb)).toBeLessThan(TOL);
    // Close to 'w' the first file row is not a 'w' event: the first batch is empty.
    const w = [15.2, 0.1];
    const whole = await fromFile.xsecs(thetas(), { generatedCloseTo: w });
    const single = await fromFile.xsecs(thetas(), { generatedCloseTo: w, batchSize: 1 });
    expect(whole.xsecs[0]).toBeGreaterThan(0);
    expect(relErr(single.xsecs, whole.xsecs)).toBeLessThan(1e-12);
    const g = await da.xsecGradients(thetas());
    expect(relErr(g, flat(ex().xsecs.xsec_gradients_theta_all.gradients_pb), 1e-6)).toBeLessThan(TOL);
    const gt = await da.xsecGradients(thetas(), { partition: "train" });
    expect(relErr(gt, flat(ex().xsecs.xsec_gradients_theta_train.gradients_pb), 1e-6)).toBeLessThan(TOL);
  });

  it("SampleAugmenter.cross_sections for points, benchmarks and one benchmark", async () => {
    const sa = new SampleAugmenter(referenceSource());
    const cases: [string, Parameters<SampleAugmenter["extractCrossSections"]>[0]][] = [
      ["SampleAugmenter.cross_sections(morphing_points(thetas))", morphingPoints(thetas())],
      ["SampleAugmenter.cross_sections(benchmarks(all))", benchmarks(ex().setup.benchmark_names_in_file_order)],
      ["SampleAugmenter.cross_sections(benchmark(first))", benchmark("sm")],
    ];
    for (const [key, spec] of cases) {
      const r = await sa.extractCrossSections(spec);
      const e = ex().xsecs[key];
      expect(r.thetas).toEqual(e.thetas);
      expect(relErr(r.xsecs, e.xsecs_pb), key).toBeLessThan(TOL);
      expect(relErr(r.uncertainties, e.uncertainties_pb), key).toBeLessThan(TOL);
    }
  });

  it("weighted events: observations, factor-scaled weights, weights and gradients at theta", async () => {
    const da = new DataAnalyzer(referenceSource());
    const e = ex().weighted_events;
    const raw = await da.weightedEvents();
    expect(raw.n).toBe(e.n_all_events);
    expect(relErr(raw.x.subarray(0, 24), flat(e.first6_observations))).toBe(0);
    expect(relErr(raw.weights.subarray(0, 36), flat(e.first6_benchmark_weights))).toBeLessThan(1e-15);
    const at = await da.weightedEvents({ theta: e.theta });
    expect(relErr(at.weights.subarray(0, 6), e.first6_weights_at_theta)).toBeLessThan(TOL);
    let sum = 0;
    for (const v of at.weights) sum += v;
    expect(Math.abs(sum - e.sum_all_weights_at_theta) / e.sum_all_weights_at_theta).toBeLessThan(TOL);
    const grad = await da.weightedEvents({ theta: e.theta, derivative: true });
    expect(relErr(grad.weights.subarray(0, 12), flat(e.first6_weight_gradients_at_theta), 1e-12)).toBeLessThan(TOL);
    const b1 = await da.weightedEvents({ theta: "w" });
    expect(relErr(b1.weights.subarray(0, 6), e.first6_weights_benchmark1_by_name)).toBeLessThan(1e-15);
    const close = await da.weightedEvents({ generatedCloseTo: [0, 0] });
    expect(close.n).toBe(e.n_events_generated_close_to_origin);
  });
});
