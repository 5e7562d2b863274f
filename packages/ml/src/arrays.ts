// Small helpers over row-major numeric arrays with shapes.
import type { ArrayWithShape } from "./estimator.js";

/** Rows (first dimension). */
export function rows(a: ArrayWithShape): number {
  return a.shape[0];
}
/** Values per row. */
export function width(a: ArrayWithShape): number {
  return a.shape.length > 1 ? a.shape.slice(1).reduce((p, d) => p * d, 1) : 1;
}

/** Copies selected columns (all when cols is null) into a float32 array. */
export function select(a: ArrayLike<number>, n: number, w: number, cols: number[] | null, from = 0, to = n): Float32Array {
  const idx = cols ?? Array.from({ length: w }, (_, i) => i);
  const out = new Float32Array((to - from) * idx.length);
  let k = 0;
  for (let i = from; i < to; i++) for (const c of idx) out[k++] = a[i * w + c];
  return out;
}

