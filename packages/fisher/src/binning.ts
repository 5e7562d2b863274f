// Histogram helpers with numpy's semantics: linspace, searchsorted (side
// 'left'), interp, and MadMiner's weighted_quantile (bins of equal cross section).
import { InputError } from "@mm/util";

/** np.linspace(start, stop, num) (endpoint included, last value exactly stop). */
export function linspace(start: number, stop: number, num: number): number[] {
  if (!Number.isInteger(num) || num < 1) throw new InputError(`linspace needs at least 1 point, got ${num}`);
  if (num === 1) return [start];
  const div = num - 1;
  const step = (stop - start) / div;
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(step === 0 ? ((i / div) * (stop - start)) + start : i * step + start);
  out[num - 1] = stop;
  return out;
}

/** np.searchsorted(boundaries, x, side='left'): number of boundaries < x (NaN sorts last). */
export function searchsortedLeft(boundaries: ArrayLike<number>, x: number): number {
  if (Number.isNaN(x)) return boundaries.length;
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boundaries[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** np.interp(x, xp, fp) for increasing xp. */
export function interp(x: number, xp: ArrayLike<number>, fp: ArrayLike<number>): number {
  const n = xp.length;
  if (x < xp[0]) return fp[0];
  if (x > xp[n - 1]) return fp[n - 1];
  if (x === xp[n - 1]) return fp[n - 1];
  // largest j with xp[j] <= x
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xp[mid] <= x) lo = mid;
    else hi = mid;
  }
  const j = lo;
  if (xp[j + 1] === xp[j]) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  let r = slope * (x - xp[j]) + fp[j];
  if (Number.isNaN(r)) {
    r = slope * (x - xp[j + 1]) + fp[j + 1];
    if (Number.isNaN(r) && fp[j] === fp[j + 1]) r = fp[j];
  }
  return r;
}

/** MadMiner's weighted_quantile: sort, cumsum(w) - w/2, normalise by sum(w), interpolate. */
export function weightedQuantile(values: ArrayLike<number>, quantiles: number[], weights: ArrayLike<number>): number[] {
  const n = values.length;
  if (n === 0) throw new InputError("cannot build bins of equal cross section: no events pass the cuts");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const v = new Float64Array(n);
  const wq = new Float64Array(n);
  let cum = 0;
  let total = 0;
  for (let k = 0; k < n; k++) total += weights[order[k]];
  for (let k = 0; k < n; k++) {
    const w = weights[order[k]];
    v[k] = values[order[k]];
    cum += w;
    wq[k] = (cum - 0.5 * w) / total;
  }
  return quantiles.map((q) => interp(q, wq, v));
}
