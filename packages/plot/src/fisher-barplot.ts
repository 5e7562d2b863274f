// plot_fisherinfo_barplot: for each information matrix, the determinant
// (as det(I)^(1/p), so that the bars are on the scale of the entries) and its
// eigenvalue decomposition: each eigenvalue λ_k is a bar split into segments
// λ_k·v_ik², coloured by parameter i (how much of that direction each
// parameter carries).
import { InputError } from "@mm/util";
import { paletteColor } from "./colors.js";
import { figure, legend, type Figure, type LegendEntry } from "./figure.js";
import { panel } from "./frame.js";
import { labelSvg } from "./label.js";
import { niceDomain } from "./scale.js";
import { determinant, matrixSize, squareMatrix, subMatrix, symmetricEigen, type MatrixLike } from "./matrix.js";
import { el } from "./svg.js";

/** Options of `plotFisherinfoBarplot`. */
export interface FisherBarplotOptions {
  /** Only these parameter indices enter the determinant (default: all). */
  determinantIndices?: number[];
  /** Colours per parameter for the eigenvalue segments. */
  eigenvalueColors?: string[];
  /** Colours per matrix for the determinant bars. */
  barColors?: string[];
  /** Parameter names for the legend (default θ_0, θ_1, ...). */
  parameterLabels?: string[];
  /** Logarithmic y axes (default true: information spans decades). */
  log?: boolean;
  width?: number;
  height?: number;
}

/** det(I)^(1/p) per matrix (restricted to `indices` when given). */
export function determinantScale(informations: MatrixLike[], indices?: number[]): number[] {
  return informations.map((m, k) => {
    const p = matrixSize(m);
    let a = squareMatrix(m, p, `Fisher information ${k}`);
    let q = p;
    if (indices) {
      a = subMatrix(a, p, indices);
      q = indices.length;
    }
    const d = determinant(a, q);
    return d > 0 ? Math.pow(d, 1 / q) : 0;
  });
}

/**
 * Python MadMiner's plot_fisherinfo_barplot: for each Fisher information matrix, a bar of
 * det(I)^(1/p) and its eigenvalues, each split by how much of that direction each parameter carries.
 * @param informations P × P matrices (nested or row-major flat), all of the same size
 * @param labels one label per matrix
 * @throws InputError when no matrix is given or the labels do not match the matrices
 */
export function plotFisherinfoBarplot(informations: MatrixLike[], labels: string[], options: FisherBarplotOptions = {}): Figure {
  if (!informations.length) throw new InputError("plotFisherinfoBarplot: no Fisher information matrices given");
  if (labels.length !== informations.length) throw new InputError(`plotFisherinfoBarplot: ${labels.length} labels for ${informations.length} matrices; give one label per matrix`);
  const p = matrixSize(informations[0]);
  const log = options.log ?? true;
  const W = options.width ?? 900;
  const H = options.height ?? 420;
  const dets = determinantScale(informations, options.determinantIndices);
  const eig = informations.map((m, k) => symmetricEigen(squareMatrix(m, p, `Fisher information ${k}`), p));
  const positive = [...dets, ...eig.flatMap((e) => Array.from(e.values))].filter((v) => v > 0);
  const hi = positive.length ? Math.max(...positive) : 1;
  const lo = positive.length ? Math.min(...positive) : 0.1;
  // Log axes show at most 8 decades below the largest value: a (numerically)
  // singular matrix, like rate-only information, then sits at the bottom.
  const yDomain: [number, number] = log ? [Math.pow(10, Math.max(Math.floor(Math.log10(lo) - 0.3), Math.ceil(Math.log10(hi)) - 8)), Math.pow(10, Math.ceil(Math.log10(hi) + 0.05))] : niceDomain(0, hi * 1.05);
  const half = (W - 270) / 2;
  const n = informations.length;
  const detLabel = options.determinantIndices ? `det(I_{sub})^{1/${options.determinantIndices.length}}` : `det(I)^{1/${p}}`;
  const left = panel({ left: 95, top: 34, width: half - 30, height: H - 110, xDomain: [0, n], yDomain, yLog: log, yLabel: detLabel, title: "Determinant", noXTicks: true });
  const right = panel({ left: 95 + half + 35, top: 34, width: half - 30, height: H - 110, xDomain: [0, n * p], yDomain, yLog: log, yLabel: "eigenvalues $\\lambda_k$", title: "Eigenvalue decomposition", noXTicks: true });
  const base = log ? yDomain[0] : 0;
  let marks = "";
  const bw = 0.7;
  dets.forEach((d, k) => {
    const color = options.barColors?.[k] ?? paletteColor(k);
    const x0 = left.x(k + (1 - bw) / 2);
    const x1 = left.x(k + (1 + bw) / 2);
    const y1 = left.y(Math.max(d, base));
    marks += el("rect", { x: x0, y: y1, width: x1 - x0, height: left.y(base) - y1, fill: color, "fill-opacity": 0.85 });
    marks += labelSvg(labels[k], { x: (x0 + x1) / 2, y: left.y(base) + 16, size: 12, anchor: "end", rotate: -30 });
  });
  eig.forEach((e, k) => {
    for (let j = 0; j < p; j++) {
      const lam = e.values[j];
      const slot = k * p + j;
      const x0 = right.x(slot + (1 - bw) / 2);
      const x1 = right.x(slot + (1 + bw) / 2);
      if (!(lam > 0)) continue;
      // Stack the fractions v_ij² (they sum to 1) in value space (log-aware: split the pixel height).
      const yTop = right.y(Math.max(lam, base));
      const yBot = right.y(base);
      let y = yBot;
      for (let i = 0; i < p; i++) {
        const frac = e.vectors[i * p + j] ** 2;
        const h = (yBot - yTop) * frac;
        marks += el("rect", { x: x0, y: y - h, width: x1 - x0, height: h, fill: options.eigenvalueColors?.[i] ?? paletteColor(i + 4), "fill-opacity": 0.9 });
        y -= h;
      }
    }
    marks += labelSvg(labels[k], { x: right.x(k * p + p / 2), y: right.y(base) + 16, size: 12, anchor: "end", rotate: -30 });
  });
  const entries: LegendEntry[] = Array.from({ length: p }, (_, i) => ({
    label: options.parameterLabels?.[i] ?? `$\\theta_${i}$`,
    color: options.eigenvalueColors?.[i] ?? paletteColor(i + 4),
    kind: "bar" as const,
  }));
  const body = el("defs", {}, left.defs() + right.defs()) + marks + left.axes() + right.axes() + legend(entries, right.options.left + right.options.width + 12, right.options.top, 11);
  return figure(W, H, body);
}
