// @mm/morphing: morphing components, basis, morphing matrix, weights and gradients, basis optimisation.
export { findComponents, findCouplingComponents, minBasisSize, componentWeights } from "./components.js";
export type { CouplingCounts } from "./components.js";
export { morphingMatrix, componentValueMatrix, emitWarning } from "./matrix.js";
export type { MorphingMatrixOptions, WarningHandler } from "./matrix.js";
export { MorphingKernel, morphingWeights, morphingWeightGradients, morphingWeightsBatch, morphingWeightGradientsBatch } from "./weights.js";
export { evaluateMorphing, optimizeBasis, drawRandomThetas } from "./optimize.js";
export type { MorphingEvaluation, OptimizeBasisOptions, OptimizedBasis } from "./optimize.js";
export { conditionNumber, invertSquare, pinv } from "./linalg.js";
export { Morpher } from "./morpher.js";
export { numpySum } from "./numpysum.js";
export type { MorpherOptions, MorpherOptimizeOptions, MorphingParameter, BenchmarkLike, BasisInput } from "./morpher.js";
