// plot_2d_morphing_basis, plot_nd_morphing_basis_scatter and
// plot_nd_morphing_basis_slices: where in parameter space a morphing basis is
// reliable. The colour is √(Σ_b w_b(θ)²), the factor by which the statistical
// uncertainty of a morphed weight grows (1 at a basis point; large values mean
// large cancellations). Plain data in: the basis points and a function that
// returns the morphing weights (e.g. @mm/morphing's morphingWeights bound to a
// matrix and components, or a Morpher's calculateMorphingWeights).
import { InputError } from "@mm/util";
import { logNorm, viridis } from "./colors.js";
import { colorBar, figure, type Figure } from "./figure.js";
import { panel } from "./frame.js";
import { seededUniform } from "./rng.js";
import { el } from "./svg.js";

/**
 * A morphing basis for the morphing-basis plots: the basis points and a function giving the morphing
 * weights w_b(θ) (e.g. a Morpher's calculateMorphingWeights).
 */
export interface MorphingBasisInput {
  /** Basis points (benchmarks), each of length P. */
  basis: number[][];
  /** Morphing weights w_b(θ), length B. */
  weights(theta: number[]): ArrayLike<number>;
}

const COLOR_LABEL = "√(Σ_b w_b^2)";

/** √(Σ_b w_b(θ)²). */
export function morphingErrorFactor(m: MorphingBasisInput, theta: number[]): number {
  const w = m.weights(theta);
  let s = 0;
  for (let b = 0; b < w.length; b++) s += w[b] * w[b];
  return Math.sqrt(s);
}

function basisMarks(basis: number[][], i: number, j: number, fx: (v: number) => number, fy: (v: number) => number): string {
  return basis
    .map((t) => el("circle", { cx: fx(t[i]), cy: fy(t[j]), r: 5, fill: "white", stroke: "#c00000", "stroke-width": 2 }))
    .join("");
}

function heatmap(m: MorphingBasisInput, P: number, i: number, j: number, xr: [number, number], yr: [number, number], res: number, cRange: [number, number], fx: (v: number) => number, fy: (v: number) => number): string {
  let out = "";
  const theta = new Array<number>(P).fill(0);
  const dx = (xr[1] - xr[0]) / res;
  const dy = (yr[1] - yr[0]) / res;
  for (let a = 0; a < res; a++) {
    for (let b = 0; b < res; b++) {
      theta[i] = xr[0] + (a + 0.5) * dx;
      theta[j] = yr[0] + (b + 0.5) * dy;
      const v = morphingErrorFactor(m, theta);
      const x0 = fx(xr[0] + a * dx);
      const x1 = fx(xr[0] + (a + 1) * dx);
      const y0 = fy(yr[0] + (b + 1) * dy);
      const y1 = fy(yr[0] + b * dy);
      // +0.3 px overlap hides anti-aliasing seams between cells.
      out += el("rect", { x: x0, y: y0, width: x1 - x0 + 0.3, height: y1 - y0 + 0.3, fill: viridis(logNorm(v, cRange[0], cRange[1])) });
    }
  }
  return out;
}

function checkBasis(m: MorphingBasisInput, P: number, what: string): void {
  if (!m.basis.length) throw new InputError(`${what}: the morphing basis is empty; set a basis first`);
  m.basis.forEach((t, k) => {
    if (t.length !== P) throw new InputError(`${what}: basis point ${k} has ${t.length} coordinates; expected ${P}`);
  });
}

/** Options of `plot2dMorphingBasis` (Python's `plot_2d_morphing_basis`): axis labels and ranges (default [-1, 1]), colour range of √(Σ w²) (default [1, 100]). */
export interface Morphing2dOptions {
  xLabel?: string;
  yLabel?: string;
  xRange?: [number, number];
  yRange?: [number, number];
  cRange?: [number, number];
  /** Cells per axis (default 60). */
  resolution?: number;
}

/** The 2-parameter case: a heat map of √(Σ w²) with the basis points marked. */
export function plot2dMorphingBasis(m: MorphingBasisInput, options: Morphing2dOptions = {}): Figure {
  checkBasis(m, 2, "plot2dMorphingBasis");
  const xr = options.xRange ?? [-1, 1];
  const yr = options.yRange ?? [-1, 1];
  const cRange = options.cRange ?? [1, 100];
  const W = 600;
  const H = 470;
  const p = panel({ left: 78, top: 20, width: 380, height: 380, xDomain: xr, yDomain: yr, xLabel: options.xLabel ?? "$\\theta_0$", yLabel: options.yLabel ?? "$\\theta_1$" });
  const body =
    el("defs", {}, p.defs()) +
    el("g", { "clip-path": `url(#${p.clipId})` }, heatmap(m, 2, 0, 1, xr, yr, options.resolution ?? 60, cRange, p.x, p.y) + basisMarks(m.basis, 0, 1, p.x, p.y)) +
    p.axes() +
    colorBar(cRange[0], cRange[1], 478, 20, 16, 380, COLOR_LABEL);
  return figure(W, H, body);
}

/** Options shared by `plotNdMorphingBasisScatter` and `plotNdMorphingBasisSlices`. */
export interface MorphingNdOptions {
  /** Range per parameter (default [-1, 1] each). */
  ranges?: [number, number][];
  parameterLabels?: string[];
  cRange?: [number, number];
}

function grid(P: number, options: MorphingNdOptions, draw: (i: number, j: number, p: ReturnType<typeof panel>) => string): Figure {
  const n = P - 1;
  const cell = n <= 2 ? 230 : 180;
  const left = 70;
  const top = 16;
  const gap = 18;
  const W = left + n * (cell + gap) + 110;
  const H = top + n * (cell + gap) + 50;
  let body = "";
  let defs = "";
  for (let j = 1; j < P; j++) {
    for (let i = 0; i < j; i++) {
      const p = panel({
        left: left + i * (cell + gap),
        top: top + (j - 1) * (cell + gap),
        width: cell,
        height: cell,
        xDomain: options.ranges?.[i] ?? [-1, 1],
        yDomain: options.ranges?.[j] ?? [-1, 1],
        xLabel: j === P - 1 ? options.parameterLabels?.[i] ?? `$\\theta_${i}$` : undefined,
        yLabel: i === 0 ? options.parameterLabels?.[j] ?? `$\\theta_${j}$` : undefined,
        hideXTickLabels: j !== P - 1,
        hideYTickLabels: i !== 0,
        fontSize: 11,
        xTickCount: 4,
        yTickCount: 4,
      });
      defs += p.defs();
      body += el("g", { "clip-path": `url(#${p.clipId})` }, draw(i, j, p)) + p.axes();
    }
  }
  const cRange = options.cRange ?? [1, 100];
  body += colorBar(cRange[0], cRange[1], W - 100, top, 14, n * (cell + gap) - gap, COLOR_LABEL, 11);
  return figure(W, H, el("defs", {}, defs) + body);
}

/** Options of `plotNdMorphingBasisScatter` (Python's `plot_nd_morphing_basis_scatter`). */
export interface MorphingScatterOptions extends MorphingNdOptions {
  /** Random test points (default 1000), drawn uniformly in the ranges. */
  nTestThetas?: number;
  seed?: number;
}

/** Every pair of parameters: random points coloured by √(Σ w²), all other parameters random too. */
export function plotNdMorphingBasisScatter(m: MorphingBasisInput, options: MorphingScatterOptions = {}): Figure {
  const P = m.basis[0]?.length ?? 0;
  if (P < 2) throw new InputError("plotNdMorphingBasisScatter: needs at least two parameters");
  checkBasis(m, P, "plotNdMorphingBasisScatter");
  const cRange = options.cRange ?? [1, 100];
  const rand = seededUniform(options.seed ?? 0);
  const n = options.nTestThetas ?? 1000;
  const thetas: number[][] = [];
  const values: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = Array.from({ length: P }, (_, q) => {
      const [lo, hi] = options.ranges?.[q] ?? [-1, 1];
      return lo + (hi - lo) * rand();
    });
    thetas.push(t);
    values.push(morphingErrorFactor(m, t));
  }
  return grid(P, options, (i, j, p) => {
    let out = "";
    for (let k = 0; k < n; k++) out += el("circle", { cx: p.x(thetas[k][i]), cy: p.y(thetas[k][j]), r: 2.2, fill: viridis(logNorm(values[k], cRange[0], cRange[1])) });
    return out + basisMarks(m.basis, i, j, p.x, p.y);
  });
}

/** Options of `plotNdMorphingBasisSlices` (Python's `plot_nd_morphing_basis_slices`). */
export interface MorphingSlicesOptions extends MorphingNdOptions {
  /** Cells per panel axis (default 30). */
  resolution?: number;
}

/** Every pair of parameters: a heat map on the slice where all other parameters are 0. */
export function plotNdMorphingBasisSlices(m: MorphingBasisInput, options: MorphingSlicesOptions = {}): Figure {
  const P = m.basis[0]?.length ?? 0;
  if (P < 2) throw new InputError("plotNdMorphingBasisSlices: needs at least two parameters");
  checkBasis(m, P, "plotNdMorphingBasisSlices");
  const cRange = options.cRange ?? [1, 100];
  return grid(P, options, (i, j, p) => heatmap(m, P, i, j, options.ranges?.[i] ?? [-1, 1], options.ranges?.[j] ?? [-1, 1], options.resolution ?? 30, cRange, p.x, p.y) + basisMarks(m.basis, i, j, p.x, p.y));
}
