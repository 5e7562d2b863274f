// plot_fisher_information_contours_2d: contours of constant Fisher distance
// d(θ)² = (θ−θ₀)ᵀ I (θ−θ₀) = c² from a reference point, with error bands from
// the covariance of I. Along a direction u the distance is d² = r² uᵀIu, so the
// contour is drawn exactly in polar form: r(u) = c / √(uᵀIu). The band uses
// Gaussian propagation, σ(d²) = r² √(Σ u_i u_j u_k u_l C_ijkl), and spans the
// contours of d² ± σ(d²) = c², i.e. r = c / √(uᵀIu ± s(u)).
import { InputError } from "@mm/util";
import { paletteColor } from "./colors.js";
import { figure, legend, type Figure, type LegendEntry } from "./figure.js";
import { panel } from "./frame.js";
import { squareMatrix, type MatrixLike } from "./matrix.js";
import { el, pathThrough } from "./svg.js";

/** Options of `plotFisherInformationContours2d` (Python's `plot_fisher_information_contours_2d`); per-matrix entries are aligned with the matrices. */
export interface FisherContoursOptions {
  /** Covariance of each matrix: 16 numbers (2,2,2,2 row-major) or null. */
  covariances?: (ArrayLike<number> | null | undefined)[];
  /** Reference point of each contour (default the origin). */
  referenceThetas?: (number[] | null | undefined)[];
  /** Fisher distance c of the contours (default 1). */
  contourDistance?: number;
  xLabel?: string;
  yLabel?: string;
  xRange?: [number, number];
  yRange?: [number, number];
  labels?: (string | null | undefined)[];
  colors?: string[];
  /** SVG dash arrays, e.g. "6 3"; default solid. */
  dashes?: (string | undefined)[];
  lineWidths?: number | number[];
  bandOpacity?: number;
  /** Number of directions along the contour (default 720). */
  resolution?: number;
  width?: number;
  height?: number;
}

/** Radius along unit direction u for quadratic form value q (∞ when q ≤ 0). */
function radius(c: number, q: number): number {
  return q > 0 ? c / Math.sqrt(q) : Infinity;
}

/**
 * Contours of constant Fisher distance for 2×2 information matrices.
 * @param informations 2×2 matrices (nested or row-major flat)
 */
export function plotFisherInformationContours2d(informations: MatrixLike[], options: FisherContoursOptions = {}): Figure {
  if (!informations.length) throw new InputError("plotFisherInformationContours2d: no Fisher information matrices given");
  const W = options.width ?? 520;
  const H = options.height ?? 470;
  const c = options.contourDistance ?? 1;
  const n = options.resolution ?? 720;
  const xr = options.xRange ?? [-1, 1];
  const yr = options.yRange ?? [-1, 1];
  const p = panel({ left: 78, top: 20, width: W - 100, height: H - 84, xDomain: xr, yDomain: yr, xLabel: options.xLabel ?? "$\\theta_0$", yLabel: options.yLabel ?? "$\\theta_1$", fontSize: 13 });
  // Large finite stand-in for an unbounded radius: far outside the plot, clipped.
  const far = 10 * Math.max(xr[1] - xr[0], yr[1] - yr[0]);
  let marks = "";
  let bands = "";
  const entries: LegendEntry[] = [];
  informations.forEach((info, m) => {
    const I = squareMatrix(info, 2, `Fisher information ${m}`);
    const cov = options.covariances?.[m];
    if (cov && cov.length !== 16) throw new InputError(`plotFisherInformationContours2d: covariance ${m} has ${cov.length} numbers; expected 16 (shape 2×2×2×2)`);
    const ref = options.referenceThetas?.[m] ?? [0, 0];
    const color = options.colors?.[m] ?? paletteColor(m);
    const lw = Array.isArray(options.lineWidths) ? options.lineWidths[m] ?? 1.8 : options.lineWidths ?? 1.8;
    const xs = new Float64Array(n + 1);
    const ys = new Float64Array(n + 1);
    const inner = { x: new Float64Array(n + 1), y: new Float64Array(n + 1) };
    const outer = { x: new Float64Array(n + 1), y: new Float64Array(n + 1) };
    for (let k = 0; k <= n; k++) {
      const phi = (2 * Math.PI * k) / n;
      const u = [Math.cos(phi), Math.sin(phi)];
      const q = u[0] * u[0] * I[0] + u[0] * u[1] * (I[1] + I[2]) + u[1] * u[1] * I[3];
      const r = Math.min(radius(c, q), far);
      xs[k] = p.x(ref[0] + r * u[0]);
      ys[k] = p.y(ref[1] + r * u[1]);
      if (cov) {
        let v = 0;
        for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let e = 0; e < 2; e++) for (let f = 0; f < 2; f++) v += u[a] * u[b] * u[e] * u[f] * cov[((a * 2 + b) * 2 + e) * 2 + f];
        const s = Math.sqrt(Math.max(0, v));
        const rIn = Math.min(radius(c, q + s), far);
        const rOut = Math.min(radius(c, q - s), far);
        inner.x[k] = p.x(ref[0] + rIn * u[0]);
        inner.y[k] = p.y(ref[1] + rIn * u[1]);
        outer.x[k] = p.x(ref[0] + rOut * u[0]);
        outer.y[k] = p.y(ref[1] + rOut * u[1]);
      }
    }
    if (cov) {
      // Annulus: outer ring then inner ring, filled with the even-odd rule.
      const d = pathThrough(outer.x, outer.y, true) + pathThrough(inner.x, inner.y, true);
      bands += el("path", { d, fill: color, "fill-opacity": options.bandOpacity ?? 0.25, "fill-rule": "evenodd", stroke: "none" });
    }
    marks += el("path", { d: pathThrough(xs, ys, true), fill: "none", stroke: color, "stroke-width": lw, "stroke-dasharray": options.dashes?.[m] });
    const label = options.labels?.[m];
    if (label) entries.push({ label, color, dash: options.dashes?.[m] });
  });
  const refs = new Set<string>();
  let refMarks = "";
  informations.forEach((_, m) => {
    const ref = options.referenceThetas?.[m] ?? [0, 0];
    const key = ref.join(",");
    if (refs.has(key)) return;
    refs.add(key);
    refMarks += el("path", { d: `M${p.x(ref[0]) - 5},${p.y(ref[1])}h10M${p.x(ref[0])},${p.y(ref[1]) - 5}v10`, stroke: "black", "stroke-width": 1.2 });
  });
  const body =
    el("defs", {}, p.defs()) +
    el("g", { "clip-path": `url(#${p.clipId})` }, bands + marks + refMarks) +
    p.axes() +
    legend(entries, p.options.left + 8, p.options.top + 8, 12);
  return figure(W, H, body);
}
