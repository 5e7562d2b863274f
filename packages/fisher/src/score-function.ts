// The detector-level score interface: @mm/ml implements it (SALLY), the CLI
// joins the two, and @mm/fisher only depends on this shape.

/** A learned score t^(x | theta). */
export interface ScoreFunction {
  /** Number of parameters (score components). */
  nParameters: number;
  /** Scores for nRows × nFeatures row-major inputs; resolves to nRows × nParameters row-major. */
  evaluateScore(x: Float64Array, nRows: number, nFeatures: number, theta?: number[]): Promise<Float64Array>;
}
