// A minimal shaped array: a flat typed array in row-major (C) order plus its
// shape. Large numeric data in @mm travels in this form.
import { InputError } from "./errors.js";

/** A row-major array with an explicit shape. */
export interface NDArray<T extends ArrayLike<number> = Float64Array> {
  data: T;
  shape: number[];
}

/** Number of elements of a shape (1 for a scalar shape []). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides (in elements) of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    s[k] = acc;
    acc *= shape[k];
  }
  return s;
}

/** Wraps data with a shape, checking that the sizes agree. */
export function ndarray<T extends ArrayLike<number>>(data: T, shape: readonly number[]): NDArray<T> {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new InputError(`ndarray: bad shape [${shape.join(", ")}]`);
  const n = shapeSize(shape);
  if (data.length !== n) throw new InputError(`ndarray: data has ${data.length} values but shape [${shape.join(", ")}] needs ${n}`);
  return { data, shape: [...shape] };
}

/** A zero-filled float64 array of the given shape. */
export function zeros(shape: readonly number[]): NDArray<Float64Array> {
  return { data: new Float64Array(shapeSize(shape)), shape: [...shape] };
}

/** Flat offset of a multi-index (bounds-checked). */
export function offsetOf(shape: readonly number[], index: readonly number[]): number {
  if (index.length !== shape.length) throw new InputError(`index has ${index.length} entries, array has ${shape.length} dimensions`);
  let o = 0;
  for (let k = 0; k < shape.length; k++) {
    const i = index[k];
    if (!Number.isInteger(i) || i < 0 || i >= shape[k]) throw new InputError(`index ${i} out of range for axis ${k} of size ${shape[k]}`);
    o = o * shape[k] + i;
  }
  return o;
}

/** Element at a multi-index. */
export function getAt<T extends ArrayLike<number>>(a: NDArray<T>, ...index: number[]): number {
  return a.data[offsetOf(a.shape, index)];
}

/** Sets the element at a multi-index. */
export function setAt(a: NDArray<Float64Array | Float32Array | Int32Array>, value: number, ...index: number[]): void {
  a.data[offsetOf(a.shape, index)] = value;
}

/** Row i of a 2-d array as a view (no copy). */
export function row<T extends Float64Array | Float32Array | Int32Array>(a: NDArray<T>, i: number): T {
  if (a.shape.length !== 2) throw new InputError(`row() needs a 2-d array, got shape [${a.shape.join(", ")}]`);
  const [n, m] = a.shape;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new InputError(`row ${i} out of range (0..${n - 1})`);
  return a.data.subarray(i * m, (i + 1) * m) as T;
}

/** Converts a 2-d array to nested JS arrays (for JSON output and tests). */
export function toNested(a: NDArray<ArrayLike<number>>): number[][] {
  if (a.shape.length !== 2) throw new InputError(`toNested() needs a 2-d array, got shape [${a.shape.join(", ")}]`);
  const [n, m] = a.shape;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: m }, (_, j) => a.data[i * m + j]));
  return out;
}

/** Builds a row-major float64 2-d array from nested arrays (all rows the same length). */
export function fromNested(rows: readonly (readonly number[] | ArrayLike<number>)[]): NDArray<Float64Array> {
  const n = rows.length;
  const m = n > 0 ? rows[0].length : 0;
  const data = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== m) throw new InputError(`fromNested: row ${i} has ${rows[i].length} entries, row 0 has ${m}`);
    for (let j = 0; j < m; j++) data[i * m + j] = rows[i][j];
  }
  return { data, shape: [n, m] };
}
