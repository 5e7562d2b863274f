// Fisher information formulas of MATH.md §3 (truth, rate, histogram, and the
// SALLY estimate from learned scores), over per-event weights and gradients at
// theta, with a seeded Poisson bootstrap for the covariance.
//
// INTERIM: this belongs in @mm/fisher, which does not exist yet; the pipeline
// calls these functions through fisher step only, so that swapping in
// @mm/fisher later is a one-file change.
import { NumericalError, RandomState } from "@mm/util";

/** Per-event weights at theta (n) and their gradients (n × P), in pb. */
export interface WeightedSample {
  n: number;
  P: number;
  w: Float64Array;
  dw: Float64Array;
}

export interface InformationResult {
  /** P × P row-major. */
  information: Float64Array;
  /** P⁴ (i, j, k, l) covariance from the bootstrap, or null. */
  covariance: Float64Array | null;
}

/** Σ_i m_i w_i and Σ_i m_i ∇w_i with multiplicities m (null = 1). */
function totals(s: WeightedSample, m: Float64Array | null) {
  let sigma = 0;
  const grad = new Float64Array(s.P);
  for (let i = 0; i < s.n; i++) {
    const k = m ? m[i] : 1;
    if (k === 0) continue;
    sigma += k * s.w[i];
    for (let a = 0; a < s.P; a++) grad[a] += k * s.dw[i * s.P + a];
  }
  return { sigma, grad };
}

/** I = L Σ_i ∇w_i ∇w_iᵀ / w_i (events with w_i ≤ 0 are skipped and counted). */
export function truthInformation(s: WeightedSample, luminosity: number, m: Float64Array | null = null): { information: Float64Array; skipped: number } {
  const P = s.P;
  const I = new Float64Array(P * P);
  let skipped = 0;
  for (let i = 0; i < s.n; i++) {
    const k = m ? m[i] : 1;
    if (k === 0) continue;
    const w = s.w[i];
    if (!(w > 0)) {
      skipped++;
      continue;
    }
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) I[a * P + b] += (k * s.dw[i * P + a] * s.dw[i * P + b]) / w;
  }
  for (let q = 0; q < P * P; q++) I[q] *= luminosity;
  return { information: I, skipped };
}

/** I = L ∇σ ∇σᵀ / σ. */
export function rateInformation(s: WeightedSample, luminosity: number, m: Float64Array | null = null): Float64Array {
  const { sigma, grad } = totals(s, m);
  if (!(sigma > 0)) throw new NumericalError(`the cross section at theta is ${sigma} pb: no information can be computed (is theta inside the morphing region?)`);
  const P = s.P;
  const I = new Float64Array(P * P);
  for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) I[a * P + b] = (luminosity * grad[a] * grad[b]) / sigma;
  return I;
}

/** Bin edges with equal cross section at theta (outer edges ±∞). */
export function equalXsecEdges(values: Float64Array, w: Float64Array, nBins: number): number[] {
  const order = Array.from(values.keys()).filter((i) => Number.isFinite(values[i])).sort((a, b) => values[a] - values[b]);
  const total = order.reduce((t, i) => t + Math.max(0, w[i]), 0);
  const edges = [-Infinity];
  let acc = 0;
  let next = 1;
  for (let k = 0; k < order.length && next < nBins; k++) {
    acc += Math.max(0, w[order[k]]);
    if (acc >= (total * next) / nBins) {
      const v = k + 1 < order.length ? 0.5 * (values[order[k]] + values[order[k + 1]]) : values[order[k]];
      if (v > edges[edges.length - 1]) edges.push(v);
      next++;
    }
  }
  edges.push(Infinity);
  return edges;
}

function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (v >= edges[mid]) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Per-bin σ_b, ∇σ_b and the histogram information L Σ_b ∇σ_b∇σ_bᵀ/σ_b. */
export function histogramInformation(s: WeightedSample, values: Float64Array, edges: number[], luminosity: number, m: Float64Array | null = null) {
  const P = s.P;
  const nb = edges.length - 1;
  const xsec = new Float64Array(nb);
  const grad = new Float64Array(nb * P);
  for (let i = 0; i < s.n; i++) {
    const k = m ? m[i] : 1;
    if (k === 0 || !Number.isFinite(values[i])) continue;
    const b = binOf(edges, values[i]);
    xsec[b] += k * s.w[i];
    for (let a = 0; a < P; a++) grad[b * P + a] += k * s.dw[i * P + a];
  }
  const I = new Float64Array(P * P);
  for (let b = 0; b < nb; b++) {
    if (!(xsec[b] > 0)) continue;
    for (let a = 0; a < P; a++) for (let c = 0; c < P; c++) I[a * P + c] += (luminosity * grad[b * P + a] * grad[b * P + c]) / xsec[b];
  }
  return { information: I, xsec, grad };
}

/** Truth information restricted to the events of each bin (for the distribution-of-information plot). */
export function truthInformationPerBin(s: WeightedSample, values: Float64Array, edges: number[], luminosity: number): Float64Array[] {
  const P = s.P;
  const out = Array.from({ length: edges.length - 1 }, () => new Float64Array(P * P));
  for (let i = 0; i < s.n; i++) {
    const w = s.w[i];
    if (!(w > 0) || !Number.isFinite(values[i])) continue;
    const I = out[binOf(edges, values[i])];
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) I[a * P + b] += (luminosity * s.dw[i * P + a] * s.dw[i * P + b]) / w;
  }
  return out;
}

/**
 * SALLY: I = L σ E[t̂ t̂ᵀ] + I_rate (MATH.md §3), the expectation over the
 * evaluation events weighted by w_i(θ): E[f] = Σ w_i f_i / Σ w_i. `scores` is
 * n × P for the events of `s`; `expectedEvents` = L σ(θ) over all events.
 */
export function scoreInformation(s: WeightedSample, scores: Float64Array, expectedEvents: number, rate: Float64Array, m: Float64Array | null = null): Float64Array {
  const P = s.P;
  const I = new Float64Array(P * P);
  let wsum = 0;
  for (let i = 0; i < s.n; i++) {
    const k = (m ? m[i] : 1) * s.w[i];
    if (k === 0) continue;
    wsum += k;
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) I[a * P + b] += k * scores[i * P + a] * scores[i * P + b];
  }
  if (!(wsum > 0)) throw new NumericalError("SALLY information: the evaluation events have no positive weight at theta");
  for (let q = 0; q < P * P; q++) I[q] = (expectedEvents * I[q]) / wsum + rate[q];
  return I;
}

/** Poisson(1) multiplicities for a bootstrap replica (Knuth's method; seeded). */
export function poissonMultiplicities(n: number, rng: RandomState): Float64Array {
  const m = new Float64Array(n);
  const L = Math.exp(-1);
  for (let i = 0; i < n; i++) {
    let k = 0;
    let p = rng.nextDouble();
    while (p > L) {
      k++;
      p *= rng.nextDouble();
    }
    m[i] = k;
  }
  return m;
}

/** Covariance (P⁴) of matrices from bootstrap replicas. */
export function replicaCovariance(replicas: Float64Array[], P: number): Float64Array {
  const q = P * P;
  const mean = new Float64Array(q);
  for (const r of replicas) for (let a = 0; a < q; a++) mean[a] += r[a] / replicas.length;
  const cov = new Float64Array(q * q);
  for (const r of replicas) for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) cov[a * q + b] += ((r[a] - mean[a]) * (r[b] - mean[b])) / (replicas.length - 1);
  return cov;
}
