// SALLINO's second step: the estimated score reduces x to the scalar
// h = t^(x) . (theta - theta_ref), whose densities at theta and theta_ref are
// estimated with weighted 1-D histograms (common bins); log r is their log ratio.
import { InputError } from "@mm/util";

/** h_n = t^(x_n) . (theta - thetaRef) for scores t (nRows × P). */
export function sallinoH(t: ArrayLike<number>, nRows: number, theta: number[], thetaRef: number[]): Float64Array {
  const P = theta.length;
  if (thetaRef.length !== P) throw new InputError(`theta has ${P} components but thetaRef has ${thetaRef.length}`);
  const h = new Float64Array(nRows);
  for (let n = 0; n < nRows; n++) {
    let s = 0;
    for (let k = 0; k < P; k++) s += t[n * P + k] * (theta[k] - thetaRef[k]);
    h[n] = s;
  }
  return h;
}

/** Bin edges with equal weighted content (weighted quantiles of the combined samples). */
export function equalContentEdges(samples: { h: ArrayLike<number>; w?: ArrayLike<number> | null }[], nBins: number): number[] {
  const pts: [number, number][] = [];
  for (const s of samples) {
    let tot = 0;
    for (let i = 0; i < s.h.length; i++) tot += s.w ? s.w[i] : 1;
    for (let i = 0; i < s.h.length; i++) pts.push([s.h[i], (s.w ? s.w[i] : 1) / tot]);
  }
  pts.sort((a, b) => a[0] - b[0]);
  const total = pts.reduce((a, p) => a + p[1], 0);
  const edges = [-Infinity];
  let acc = 0;
  let next = total / nBins;
  for (const [v, w] of pts) {
    acc += w;
    if (acc >= next && edges.length < nBins && v > edges[edges.length - 1]) {
      edges.push(v);
      next = (total * edges.length) / nBins;
    }
  }
  edges.push(Infinity);
  return edges;
}

/** Weighted histogram probabilities of h over the given edges (normalised to 1). */
export function histogramProbabilities(h: ArrayLike<number>, w: ArrayLike<number> | null, edges: number[]): Float64Array {
  const p = new Float64Array(edges.length - 1);
  let tot = 0;
  for (let i = 0; i < h.length; i++) {
    const wi = w ? w[i] : 1;
    p[binOf(edges, h[i])] += wi;
    tot += wi;
  }
  for (let b = 0; b < p.length; b++) p[b] /= tot;
  return p;
}

function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (v >= edges[mid]) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * log r(x | theta, thetaRef) ≈ log p^(h | theta) - log p^(h | thetaRef) with h = t^(x).(theta - thetaRef):
 * `tTheta`/`wTheta` are scores and weights of a sample distributed as p(x|theta) (or reweighted to it),
 * `tRef`/`wRef` the same at thetaRef, `tEval` the scores at the points of interest. Bins hold equal
 * content of the combined sample; empty bins are floored at 1e-12.
 */
export function sallinoLogRatio(o: {
  tTheta: ArrayLike<number>;
  wTheta?: ArrayLike<number> | null;
  tRef: ArrayLike<number>;
  wRef?: ArrayLike<number> | null;
  tEval: ArrayLike<number>;
  theta: number[];
  thetaRef: number[];
  nBins?: number;
}): Float64Array {
  const P = o.theta.length;
  const hT = sallinoH(o.tTheta, o.tTheta.length / P, o.theta, o.thetaRef);
  const hR = sallinoH(o.tRef, o.tRef.length / P, o.theta, o.thetaRef);
  const hE = sallinoH(o.tEval, o.tEval.length / P, o.theta, o.thetaRef);
  const edges = equalContentEdges([{ h: hT, w: o.wTheta }, { h: hR, w: o.wRef }], o.nBins ?? 20);
  const pT = histogramProbabilities(hT, o.wTheta ?? null, edges);
  const pR = histogramProbabilities(hR, o.wRef ?? null, edges);
  return Float64Array.from(hE, (h) => {
    const b = binOf(edges, h);
    return Math.log(Math.max(pT[b], 1e-12)) - Math.log(Math.max(pR[b], 1e-12));
  });
}
