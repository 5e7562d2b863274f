// @mm/core: the MadMiner setup: parameters, benchmarks, morphing basis, save/load (madminer.core).
export { MadMiner } from "./madminer.js";
export type { AddParameterOptions, ParameterTuple, SetMorphingOptions } from "./madminer.js";
export { validateTransform } from "./transform.js";
export { pythonFloatString } from "./pyformat.js";
