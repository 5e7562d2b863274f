// Small dense linear algebra for morphing matrices: LU inverse (as LAPACK's
// gesv used by numpy.linalg.inv), the SVD condition number and the
// Moore-Penrose pseudo-inverse (via ml-matrix).
import { Matrix, SVD } from "ml-matrix";
import { NumericalError } from "@mm/util";

/**
 * Inverse of a square n × n row-major matrix by LU decomposition with
 * partial pivoting. Throws NumericalError when a pivot is exactly zero.
 */
export function invertSquare(a: Float64Array, n: number): Float64Array {
  const lu = Float64Array.from(a);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    if (max === 0 || !Number.isFinite(max)) {
      throw new NumericalError(`matrix is singular (pivot ${k} of ${n} is ${max}): the basis points do not determine the morphing components; choose different benchmarks`);
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const piv = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= piv);
      if (f !== 0) for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  // Solve LU X = P I column by column.
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) col[i] = perm[i] === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = col[i];
      for (let k = 0; k < i; k++) s -= lu[i * n + k] * col[k];
      col[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i];
      for (let k = i + 1; k < n; k++) s -= lu[i * n + k] * col[k];
      col[i] = s / lu[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

function toMatrix(a: Float64Array, rows: number, cols: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, a[i * cols + j]);
  return m;
}

/** 2-norm condition number sigma_max / sigma_min of a rows × cols matrix (Infinity when rank deficient). */
export function conditionNumber(a: Float64Array, rows: number, cols: number): number {
  const svd = new SVD(toMatrix(a, rows, cols), { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false });
  const d = svd.diagonal;
  let max = 0;
  let min = Infinity;
  for (const v of d) {
    max = Math.max(max, Math.abs(v));
    min = Math.min(min, Math.abs(v));
  }
  return min === 0 ? Infinity : max / min;
}

/**
 * Moore-Penrose pseudo-inverse of a rows × cols matrix, returned cols × rows
 * row-major. Singular values below rcond × the largest are treated as zero
 * (numpy.linalg.pinv's rule, rcond = 1e-15).
 */
export function pinv(a: Float64Array, rows: number, cols: number, rcond = 1e-15): Float64Array {
  const svd = new SVD(toMatrix(a, rows, cols), { autoTranspose: true });
  const u = svd.leftSingularVectors; // rows × k
  const v = svd.rightSingularVectors; // cols × k
  const s = svd.diagonal;
  let smax = 0;
  for (const x of s) smax = Math.max(smax, Math.abs(x));
  const inv = s.map((x) => (Math.abs(x) > rcond * smax ? 1 / x : 0));
  const out = new Float64Array(cols * rows);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      let acc = 0;
      for (let k = 0; k < inv.length; k++) acc += v.get(i, k) * inv[k] * u.get(j, k);
      out[i * rows + j] = acc;
    }
  }
  return out;
}
