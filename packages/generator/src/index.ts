// @mm/generator: a small built-in event generator with exact per-benchmark
// weights (e+ e- → μ+ μ- with γ/Z exchange and dimension-6 contact operators),
// writing MadGraph-style LHE v3 with <initrwgt>/<rwgt> weights.
export type { ElectroweakInputs, ContactCouplings } from "./eemumu.js";
export { DEFAULT_INPUTS, GEV2_TO_PB, couplingsOf, squaredAmplitudes, differentialCrossSection, totalCrossSection, forwardBackwardAsymmetry } from "./eemumu.js";
export type { GeneratorBenchmark, GenerateOptions, GeneratedEvents } from "./events.js";
export { generateEvents, eventMomenta } from "./events.js";
export type { LheParameter, LheWriteOptions } from "./lhe.js";
export { DEMO_PARAMETERS, lheText, writeLhe } from "./lhe.js";
