// The morphing matrix of a basis, for old files that store the basis but not
// the matrix: inv(A) with A[b][c] = prod_p basis[b][p] ** components[c][p].
// (The full morphing toolkit lives in @mm/morphing; @mm/hdf5 depends only on
// @mm/util, so it carries this small Gauss-Jordan inverse.)
import { FormatError } from "@mm/util";

/** C × C inverse of the component matrix of `basis`, row-major (components × benchmarks). */
export function invertMorphingBasis(components: number[][], basis: number[][], file?: string): Float64Array {
  const C = components.length;
  if (basis.length !== C) {
    throw new FormatError(`cannot rebuild the morphing matrix: ${basis.length} basis points for ${C} components`, file);
  }
  // Augmented [A | I], n × 2n.
  const n = C;
  const m = new Float64Array(n * 2 * n);
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < n; c++) {
      let w = 1;
      const comp = components[c]!;
      for (let p = 0; p < comp.length; p++) {
        const e = comp[p]!;
        if (e !== 0) w *= Math.pow(basis[b]![p]!, e);
      }
      m[b * 2 * n + c] = w;
    }
    m[b * 2 * n + n + b] = 1;
  }
  for (let col = 0; col < n; col++) {
    let piv = col;
    let best = Math.abs(m[col * 2 * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(m[r * 2 * n + col]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (!(best > 0) || !Number.isFinite(best)) {
      throw new FormatError("cannot rebuild the morphing matrix: the stored basis is singular", file);
    }
    if (piv !== col) {
      for (let k = 0; k < 2 * n; k++) {
        const t = m[col * 2 * n + k]!;
        m[col * 2 * n + k] = m[piv * 2 * n + k]!;
        m[piv * 2 * n + k] = t;
      }
    }
    const d = m[col * 2 * n + col]!;
    for (let k = 0; k < 2 * n; k++) m[col * 2 * n + k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * 2 * n + col]!;
      if (f === 0) continue;
      for (let k = 0; k < 2 * n; k++) m[r * 2 * n + k]! -= f * m[col * 2 * n + k]!;
    }
  }
  // inv(A): its rows are components, its columns benchmarks.
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = m[i * 2 * n + n + j]!;
  return out;
}
