// Kinematic distributions at several parameter points: one panel per
// observable, one normalised weighted histogram per theta (step lines), so
// that shape differences between hypotheses are visible.
import { InputError } from "@mm/util";
import { paletteColor } from "./colors.js";
import { figure, legend, type Figure } from "./figure.js";
import { panel } from "./frame.js";
import { niceDomain } from "./scale.js";
import { el, pathThrough } from "./svg.js";

/** One hypothesis of `plotDistributions`: its legend label and one weight per event (e.g. the weights at a parameter point). */
export interface WeightSet {
  label: string;
  /** One weight per event (length n); e.g. morphed weights w_i(θ). */
  weights: ArrayLike<number>;
  color?: string;
  dash?: string;
}

/** Options of `plotDistributions`. */
export interface DistributionsOptions {
  /** Axis labels per observable (TeX-ish), default the names. */
  labels?: string[];
  /** Bins per histogram (default 25). */
  bins?: number;
  /** Range per observable; default the 0.5%–99.5% quantiles of the values. */
  ranges?: ([number, number] | null | undefined)[];
  /** Normalise each histogram to unit area (default true). */
  normalize?: boolean;
  /** Panels per row (default min(3, O)). */
  columns?: number;
  logY?: boolean;
}

function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Weighted histogram of values in [lo, hi) with `bins` equal bins (out-of-range events dropped). */
export function weightedHistogram(values: ArrayLike<number>, weights: ArrayLike<number>, lo: number, hi: number, bins: number): Float64Array {
  const h = new Float64Array(bins);
  const k = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v < hi)) continue;
    h[Math.min(bins - 1, Math.floor((v - lo) * k))] += weights[i];
  }
  return h;
}

/**
 * @param observations n × O row-major
 * @param names observable names (length O)
 * @param sets weights per hypothesis
 */
export function plotDistributions(observations: ArrayLike<number>, names: string[], sets: WeightSet[], options: DistributionsOptions = {}): Figure {
  const O = names.length;
  if (O === 0) throw new InputError("plotDistributions: no observables given");
  const n = Math.floor(observations.length / O);
  if (n * O !== observations.length) throw new InputError(`plotDistributions: ${observations.length} values is not a multiple of ${O} observables`);
  sets.forEach((s) => {
    if (s.weights.length !== n) throw new InputError(`plotDistributions: weight set '${s.label}' has ${s.weights.length} weights for ${n} events`);
  });
  const bins = options.bins ?? 25;
  const cols = options.columns ?? Math.min(3, O);
  const rows = Math.ceil(O / cols);
  const cw = 300;
  const ch = 230;
  const W = 20 + cols * (cw + 90);
  const H = 20 + rows * (ch + 80) + 10;
  let body = "";
  let defs = "";
  for (let o = 0; o < O; o++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = observations[i * O + o];
    let range = options.ranges?.[o];
    if (!range) {
      const sorted = col.filter(Number.isFinite).sort();
      range = [quantile(sorted, 0.005), quantile(sorted, 0.995)];
      if (!(range[1] > range[0])) range = [range[0] - 0.5, range[0] + 0.5];
    }
    const [lo, hi] = range;
    const width = (hi - lo) / bins;
    const hists = sets.map((s) => {
      const h = weightedHistogram(col, s.weights, lo, hi, bins);
      if (options.normalize ?? true) {
        const tot = h.reduce((a, b) => a + b, 0) * width;
        if (tot > 0) for (let b = 0; b < bins; b++) h[b] /= tot;
      }
      return h;
    });
    const ymax = Math.max(...hists.flatMap((h) => Array.from(h)), 1e-300);
    const positives = hists.flatMap((h) => Array.from(h)).filter((v) => v > 0);
    const yDomain: [number, number] = options.logY
      ? [Math.pow(10, Math.floor(Math.log10(Math.min(...positives, ymax)))), Math.pow(10, Math.ceil(Math.log10(ymax * 1.5)))]
      : niceDomain(0, ymax * 1.12);
    const r = Math.floor(o / cols);
    const c = o % cols;
    const p = panel({ left: 90 + c * (cw + 90), top: 20 + r * (ch + 80), width: cw, height: ch, xDomain: [lo, hi], yDomain, yLog: options.logY, xLabel: options.labels?.[o] ?? names[o], yLabel: options.normalize ?? true ? "normalised" : "σ per bin [pb]", fontSize: 12, xTickCount: 4 });
    defs += p.defs();
    let marks = "";
    hists.forEach((h, k) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let b = 0; b < bins; b++) {
        xs.push(p.x(lo + b * width), p.x(lo + (b + 1) * width));
        const v = options.logY ? Math.max(h[b], yDomain[0]) : h[b];
        ys.push(p.y(v), p.y(v));
      }
      const s = sets[k];
      marks += el("path", { d: pathThrough(xs, ys), fill: "none", stroke: s.color ?? paletteColor(k), "stroke-width": 1.8, "stroke-dasharray": s.dash });
    });
    body += el("g", { "clip-path": `url(#${p.clipId})` }, marks) + p.axes();
    if (o === 0) body += legend(sets.map((s, k) => ({ label: s.label, color: s.color ?? paletteColor(k), dash: s.dash })), p.options.left + p.options.width - 130, p.options.top + 6, 11);
  }
  return figure(W, H, el("defs", {}, defs) + body);
}
