// @mm/sampling: the analysis layer over MadMiner events files (sampling
// factors, closest-benchmark filtering, partitions, cross sections) and the
// SampleAugmenter (unweighted training samples with joint ratios and scores).
export type { EventBatch, EventSource, EventSetup, SourceBenchmark, SourceMorphing, SourceParameter, BatchOptions } from "./events.js";
export { InMemoryEventSource } from "./events.js";
export { openEventsFile, sourceFromSetup } from "./hdf5-source.js";
export { componentWeights, morphingWeights, morphingWeightGradients } from "./morphing.js";
export type { Partition, PartitionBounds } from "./partitions.js";
export { partitionBounds, trainTestBounds, pyRound } from "./partitions.js";
export type { ThetaRef, LoadedBatch, LoaderOptions, XsecOptions, DataAnalyzerOptions } from "./analyzer.js";
export { DataAnalyzer, requirePositiveXsec, DEFAULT_CACHE_BYTES } from "./analyzer.js";
export type { Rng } from "./rng.js";
export { rngFromSeed, rngFromRandomState } from "./rng.js";
export type { Prior, ThetaSpec } from "./thetas.js";
export {
  constantBenchmarkTheta,
  multipleBenchmarkThetas,
  constantMorphingTheta,
  multipleMorphingThetas,
  randomMorphingThetas,
  benchmark,
  benchmarks,
  morphingPoint,
  morphingPoints,
  randomMorphingPoints,
  parseTheta,
  buildSets,
} from "./thetas.js";
export type { AugmentedDefinition, SampleOptions, NdArray, SampleReport, PlainSamples, LocalSamples, RatioSamples, MoreRatioSamples } from "./augmenter.js";
export { SampleAugmenter, DOMINANT_EVENT_FRACTION } from "./augmenter.js";
export { combineAndShuffle } from "./combine.js";
export type { CombineOptions } from "./combine.js";
