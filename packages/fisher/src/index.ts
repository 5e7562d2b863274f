// @mm/fisher: Fisher information (truth, rate, 1D/2D histograms, slices,
// detector level through a score function) with four-index covariances, and
// profiling / projection of information matrices.
export { FisherInformation } from "./fisher.js";
export type { InformationResult, CutOptions, HistoOptions, Histo2dOptions, HistogramOfInformationResult } from "./fisher.js";
export type { ScoreFunction } from "./score-function.js";
export { InformationAccumulator, toMatrix, toCovariance } from "./information.js";
export type { InformationInput } from "./information.js";
export { profileInformation, projectInformation } from "./manipulate.js";
export type { ProfileOptions } from "./manipulate.js";
export { linspace, searchsortedLeft, interp, weightedQuantile } from "./binning.js";
export { EventExpressions } from "./expressions.js";
