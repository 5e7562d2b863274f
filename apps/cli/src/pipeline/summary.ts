// Small presentation numbers for the report: det(I)^(1/p) with its bootstrap
// uncertainty, and whether one information matrix dominates another.
import { determinant, symmetricEigen } from "@mm/plot";

const flat = (m: number[][]) => Float64Array.from(m.flat());

/** det(I)^(1/p) and its standard deviation from the P⁴ covariance (linear propagation: d det = det·tr(I⁻¹ dI)). */
export function detScale(I: number[][], cov: number[]): { value: number; sigma: number } {
  const P = I.length;
  const a = flat(I);
  const det = determinant(a, P);
  // Singular up to rounding (rate-only information has rank 1, and its computed
  // determinant is a rounding residue of either sign): det(I)^(1/p) = 0.
  let diag = 1;
  for (let i = 0; i < P; i++) diag *= Math.abs(a[i * P + i]);
  if (!(det > 1e-10 * diag)) return { value: 0, sigma: 0 };
  // g_ij = ∂det/∂I_ij = det (I⁻¹)_ji ; inverse via cofactors for P ≤ 3, else by solving.
  const inv = invert(a, P);
  let v = 0;
  for (let i = 0; i < P * P; i++) for (let j = 0; j < P * P; j++) {
    const gi = det * inv[(i % P) * P + Math.floor(i / P)];
    const gj = det * inv[(j % P) * P + Math.floor(j / P)];
    v += gi * gj * cov[i * P * P + j];
  }
  // Non-linear envelope (det + σ_det)^(1/p) − det^(1/p): the linear rule
  // diverges for nearly singular matrices (rate-only information has rank 1).
  const value = Math.pow(det, 1 / P);
  const sigma = Math.pow(det + Math.sqrt(Math.max(0, v)), 1 / P) - value;
  return { value, sigma: Number.isFinite(sigma) ? sigma : 0 };
}

function invert(a: Float64Array, P: number): Float64Array {
  const m = Array.from({ length: P }, (_, i) => [...Array.from(a.subarray(i * P, (i + 1) * P)), ...Array.from({ length: P }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < P; c++) {
    let piv = c;
    for (let r = c + 1; r < P; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c];
    for (let k = 0; k < 2 * P; k++) m[c][k] /= d;
    for (let r = 0; r < P; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * P; k++) m[r][k] -= f * m[c][k];
    }
  }
  return Float64Array.from(m.flatMap((r) => r.slice(P)));
}

/** Eigenvalues of A − B (descending): all ≥ 0 means A carries at least B's information in every direction. */
export function differenceEigenvalues(A: number[][], B: number[][]): number[] {
  const P = A.length;
  const d = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) d[i * P + j] = A[i][j] - B[i][j];
  return Array.from(symmetricEigen(d, P).values);
}
