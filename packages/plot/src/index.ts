// @mm/plot: figures (SVG and PNG, no browser) for morphing bases, Fisher
// information and kinematic distributions — the plotting functions of
// Python MadMiner's madminer.plotting, taking plain arrays and objects.
export type { Figure, LegendEntry } from "./figure.js";
export { writeFigure } from "./figure.js";
export type { PngOptions } from "./png.js";
export { svgToPng, shippedFonts } from "./png.js";
export type { MorphingBasisInput, Morphing2dOptions, MorphingNdOptions, MorphingScatterOptions, MorphingSlicesOptions } from "./morphing-basis.js";
export { plot2dMorphingBasis, plotNdMorphingBasisScatter, plotNdMorphingBasisSlices, morphingErrorFactor } from "./morphing-basis.js";
export type { FisherContoursOptions } from "./fisher-contours.js";
export { plotFisherInformationContours2d } from "./fisher-contours.js";
export type { FisherBarplotOptions } from "./fisher-barplot.js";
export { plotFisherinfoBarplot, determinantScale } from "./fisher-barplot.js";
export type { DistributionOfInformationOptions } from "./information-distribution.js";
export { plotDistributionOfInformation } from "./information-distribution.js";
export type { WeightSet, DistributionsOptions } from "./distributions.js";
export { plotDistributions, weightedHistogram } from "./distributions.js";
export type { Run, TextOptions } from "./label.js";
export { parseLabel, labelText, labelSvg } from "./label.js";
export type { MatrixLike } from "./matrix.js";
export { determinant, symmetricEigen } from "./matrix.js";
export { linearTicks, niceDomain, tickLabel } from "./scale.js";
export { PALETTE, viridis } from "./colors.js";
export { resetPanelIds } from "./frame.js";
