// Small dense-matrix helpers for figures: reading p×p matrices given as nested
// arrays or row-major typed arrays, determinants and symmetric eigensystems.
import { InputError } from "@mm/util";

/** A p×p matrix as nested rows or a row-major flat array of length p². */
export type MatrixLike = ArrayLike<number>[] | ArrayLike<number>;

/** Converts to a row-major Float64Array of size p², checking the shape. */
export function squareMatrix(m: MatrixLike, p: number, what: string): Float64Array {
  const out = new Float64Array(p * p);
  const rows = m as ArrayLike<ArrayLike<number> | number>;
  if (rows.length === p && typeof rows[0] === "object") {
    for (let i = 0; i < p; i++) {
      const r = rows[i] as ArrayLike<number>;
      if (r.length !== p) throw new InputError(`${what}: row ${i} has ${r.length} entries; expected ${p} (a ${p}×${p} matrix)`);
      for (let j = 0; j < p; j++) out[i * p + j] = r[j];
    }
  } else if (rows.length === p * p) {
    for (let k = 0; k < p * p; k++) out[k] = rows[k] as number;
  } else {
    throw new InputError(`${what}: expected a ${p}×${p} matrix (nested rows or ${p * p} numbers), got ${rows.length} entries`);
  }
  return out;
}

/** Size p of a square matrix given either way. */
export function matrixSize(m: MatrixLike): number {
  const rows = m as ArrayLike<ArrayLike<number> | number>;
  if (rows.length > 0 && typeof rows[0] === "object") return rows.length;
  return Math.round(Math.sqrt(rows.length));
}

/** Determinant by Gaussian elimination with partial pivoting. */
export function determinant(a: Float64Array, p: number): number {
  const m = Float64Array.from(a);
  let det = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c]) > Math.abs(m[piv * p + c])) piv = r;
    if (m[piv * p + c] === 0) return 0;
    if (piv !== c) {
      for (let k = 0; k < p; k++) [m[c * p + k], m[piv * p + k]] = [m[piv * p + k], m[c * p + k]];
      det = -det;
    }
    det *= m[c * p + c];
    for (let r = c + 1; r < p; r++) {
      const f = m[r * p + c] / m[c * p + c];
      for (let k = c; k < p; k++) m[r * p + k] -= f * m[c * p + k];
    }
  }
  return det;
}

/** Sub-matrix on the given indices. */
export function subMatrix(a: Float64Array, p: number, idx: number[]): Float64Array {
  const q = idx.length;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) out[i * q + j] = a[idx[i] * p + idx[j]];
  return out;
}

/** Eigenvalues (descending) and eigenvectors (columns, row-major p×p) of a symmetric matrix, by Jacobi rotations. */
export function symmetricEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += m[i * p + j] ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = m[i * p + j];
        if (aij === 0) continue;
        const theta = (m[j * p + j] - m[i * p + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mki = m[k * p + i];
          const mkj = m[k * p + j];
          m[k * p + i] = c * mki - s * mkj;
          m[k * p + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const mik = m[i * p + k];
          const mjk = m[j * p + k];
          m[i * p + k] = c * mik - s * mjk;
          m[j * p + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i];
          const vkj = v[k * p + j];
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => m[y * p + y] - m[x * p + x]);
  const values = Float64Array.from(order, (i) => m[i * p + i]);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    for (let k = 0; k < p; k++) vectors[k * p + dst] = v[k * p + src];
  });
  return { values, vectors };
}
