// Statistical uncertainty of the SALLY information from its evaluation
// sample: a seeded Poisson(1) bootstrap of the kinematic term
// L σ Σ w t̂ t̂ᵀ / Σ w over the weighted test events (the training itself is
// not repeated, so network variance is not included). @mm/fisher gives the
// central value and the rate-term covariance; this adds the spread of the
// rest. (An ensemble of estimators would be the full answer.)
import { RandomState } from "@mm/util";

/** Poisson(1) multiplicities (Knuth's method, seeded). */
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

/** nEvents Σ m w t tᵀ / Σ m w (P × P) for scores t (n × P) and weights w at theta. */
export function kinematicTerm(w: Float64Array, t: Float64Array, P: number, nEvents: number, m: Float64Array | null): Float64Array {
  const I = new Float64Array(P * P);
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    const k = (m ? m[i] : 1) * w[i];
    if (k === 0) continue;
    sum += k;
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) I[a * P + b] += k * t[i * P + a] * t[i * P + b];
  }
  for (let q = 0; q < P * P; q++) I[q] = sum !== 0 ? (nEvents * I[q]) / sum : 0;
  return I;
}

/** Covariance (P⁴, row-major (i, j, k, l)) of matrices from replicas. */
export function replicaCovariance(replicas: Float64Array[], P: number): Float64Array {
  const q = P * P;
  const mean = new Float64Array(q);
  for (const r of replicas) for (let a = 0; a < q; a++) mean[a] += r[a] / replicas.length;
  const cov = new Float64Array(q * q);
  for (const r of replicas) for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) cov[a * q + b] += ((r[a] - mean[a]) * (r[b] - mean[b])) / (replicas.length - 1);
  return cov;
}

/** Bootstrap covariance of the kinematic term. */
export function bootstrapCovariance(w: Float64Array, t: Float64Array, P: number, nEvents: number, replicas: number, seed: number, onReplica?: () => void): Float64Array {
  const rng = new RandomState(seed);
  const out: Float64Array[] = [];
  for (let r = 0; r < replicas; r++) {
    out.push(kinematicTerm(w, t, P, nEvents, poissonMultiplicities(w.length, rng)));
    onReplica?.();
  }
  return replicaCovariance(out, P);
}
