// Thin helpers over h5wasm: open files, read datasets as plain numbers and
// strings, and the byte-level fix that makes fixed strings NULLPAD (as numpy
// |S256 / h5py write them), which h5wasm cannot request directly.
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import type { Dataset, File as H5File, Group } from "h5wasm/node";
import { FormatError, InputError } from "@mm/util";

type H5wasm = (typeof import("h5wasm/node"))["default"];
let lib: H5wasm | null = null;
let loading: Promise<H5wasm> | null = null;

/**
 * Loads and initialises h5wasm on first use (not at import time, so that
 * programs importing @mm/hdf5 without touching a file start fast).
 */
export async function h5ready(): Promise<H5wasm> {
  if (lib) return lib;
  loading ??= import("h5wasm/node").then(async (m) => {
    await m.default.ready;
    lib = m.default;
    return m.default;
  });
  return loading;
}

function h5(): H5wasm {
  if (!lib) throw new Error("@mm/hdf5: h5wasm used before h5ready()");
  return lib;
}

/** Opens an existing HDF5 file for reading, with errors naming the file. */
export async function openRead(path: string): Promise<H5File> {
  const h5wasm = await h5ready();
  if (!existsSync(path)) throw new InputError(`file not found: ${path}`);
  if (!hasHdf5Signature(path)) throw new FormatError("not an HDF5 file (no HDF5 signature); expected a MadMiner .h5 file", path);
  let file: H5File;
  try {
    file = new h5wasm.File(path, "r");
  } catch (err) {
    throw new FormatError(`not a readable HDF5 file (${(err as Error).message ?? err})`, path, { cause: err });
  }
  if (!file.file_id || file.file_id < 0n) throw new FormatError("not a readable HDF5 file", path);
  return file;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the HDF5 signature is at offset 0, 512, 1024, 2048, ... (the places HDF5 looks). */
export function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(8);
    for (let off = 0; off + 8 <= size; off = off === 0 ? 512 : off * 2) {
      readSync(fd, buf, 0, 8, off);
      if (SIGNATURE.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Creates (truncates) an HDF5 file with the h5py defaults MadMiner gets: superblock 0, v1 object headers. */
export async function openWrite(path: string): Promise<H5File> {
  const h5wasm = await h5ready();
  return new h5wasm.File(path, "w", { libver: ["earliest", "v110"] });
}

/** True when `path` (absolute inside the file) exists. */
export function has(file: H5File | Group, path: string): boolean {
  try {
    return file.get(path) !== null;
  } catch {
    return false;
  }
}

/** The dataset at `path`, or null. */
export function dataset(file: H5File, path: string): Dataset | null {
  if (!has(file, path)) return null;
  const d = file.get(path);
  return d instanceof h5().Dataset ? d : null;
}

/** The dataset at `path`; a FormatError naming the file and dataset when it is missing. */
export function requireDataset(file: H5File, path: string, fileName: string, hint = ""): Dataset {
  const d = dataset(file, path);
  if (!d) throw new FormatError(`dataset /${path} is missing${hint ? ` (${hint})` : ""}; this is not a MadMiner file of a known era`, fileName);
  return d;
}

/** Shape of a dataset ([] for a scalar). */
export function shapeOf(d: Dataset): number[] {
  return d.shape ?? [];
}

/** Reads a fixed-length (or variable) string dataset, stripping NUL padding. */
export function readStrings(d: Dataset): string[] {
  const v = d.value;
  const list = Array.isArray(v) ? v : [v];
  return list.map((s) => String(s).replace(/\0+$/, ""));
}

/** int64 → float64 through the two 32-bit halves (exact up to 2^53; much faster than Number(bigint)). */
export function int64ToFloat64(v: BigInt64Array | BigUint64Array): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  const halves = new Int32Array(v.buffer, v.byteOffset, n * 2);
  const unsigned = v instanceof BigUint64Array;
  for (let i = 0; i < n; i++) {
    const lo = halves[2 * i]! >>> 0;
    const hi = unsigned ? halves[2 * i + 1]! >>> 0 : halves[2 * i + 1]!;
    out[i] = hi * 4294967296 + lo;
  }
  return out;
}

/** Reads a numeric dataset as float64 numbers (int64 converted; must be within 2^53). */
export function readNumbers(d: Dataset): Float64Array {
  const v = d.value as unknown;
  if (v instanceof Float64Array) return v;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return int64ToFloat64(v);
  if (ArrayBuffer.isView(v)) return Float64Array.from(v as unknown as ArrayLike<number>);
  if (typeof v === "number") return Float64Array.of(v);
  if (typeof v === "bigint") return Float64Array.of(Number(v));
  if (typeof v === "boolean") return Float64Array.of(v ? 1 : 0);
  throw new FormatError(`dataset ${d.path} is not numeric (dtype ${JSON.stringify(d.dtype)})`);
}

/** Reads rows [start, end) of a numeric dataset (1-D or 2-D) as float64. */
export function readRows(d: Dataset, start: number, end: number): Float64Array {
  const shape = shapeOf(d);
  const ranges = shape.length === 1 ? [[start, end]] : [[start, end], []];
  const v = d.slice(ranges as [number, number][]) as unknown;
  if (v instanceof Float64Array) return v;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return int64ToFloat64(v);
  if (ArrayBuffer.isView(v)) return Float64Array.from(v as unknown as ArrayLike<number>);
  throw new FormatError(`dataset ${d.path} is not numeric`);
}

/** Reshapes a flat row-major array to rows of `cols`. */
export function toRows(flat: ArrayLike<number>, cols: number): number[][] {
  const rows: number[][] = [];
  if (cols === 0) return rows;
  for (let i = 0; i < flat.length; i += cols) rows.push(Array.from({ length: cols }, (_, j) => flat[i + j]!));
  return rows;
}

/** Encodes strings as Python's `s.encode("ascii", "ignore")`: non-ASCII characters are dropped. */
export function asciiOnly(values: string[]): string[] {
  // eslint-disable-next-line no-control-regex
  return values.map((s) => s.replace(/[^\x00-\x7f]/g, ""));
}

/** As numpy's astype("S256"): ASCII only, at most 256 bytes. */
export function asciiS256(values: string[]): string[] {
  return asciiOnly(values).map((a) => (a.length > 256 ? a.slice(0, 256) : a));
}

/**
 * Integers (|x| <= 2^53) as little-endian int64, written through two 32-bit
 * halves (much faster than one BigInt per element).
 */
export function toInt64(values: ArrayLike<number>, where: string): BigInt64Array {
  const n = values.length;
  const out = new BigInt64Array(n);
  const halves = new Int32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (!Number.isSafeInteger(x)) throw new InputError(`dataset ${where}: integer expected, got ${x}`);
    const hi = Math.floor(x / 4294967296);
    halves[2 * i] = (x - hi * 4294967296) | 0;
    halves[2 * i + 1] = hi;
  }
  return out;
}

/** Writes a dataset with the exact MadMiner element type. */
export function writeDataset(
  group: Group,
  name: string,
  kind: "S256" | "vlen" | "int64" | "float64",
  data: string[] | ArrayLike<number>,
  shape: number[],
): void {
  if (kind === "S256") {
    group.create_dataset({ name, data: asciiS256(data as string[]), shape, dtype: "A256" });
  } else if (kind === "vlen") {
    // Variable-length ASCII strings: what h5py 3 writes for a list of bytes given without a dtype.
    group.create_dataset({ name, data: asciiOnly(data as string[]), shape, dtype: "A" });
  } else if (kind === "int64") {
    group.create_dataset({ name, data: toInt64(data as ArrayLike<number>, `${group.path}/${name}`), shape, dtype: "<q" });
  } else {
    const arr = data as ArrayLike<number>;
    const out = arr instanceof Float64Array ? arr : Float64Array.from(arr);
    group.create_dataset({ name, data: out, shape, dtype: "<d" });
  }
}
