// numpy's .npy format (versions 1, 2 and 3 read; 1 or 2 written), C order,
// for the dtypes MadMiner saves: float32, float64, int64, int32, bool/uint8.
import { readFileSync } from "node:fs";
import { FormatError, InputError } from "./errors.js";
import { writeFileAtomicSync } from "./atomic.js";

/** The typed array that holds a .npy file's data. */
export type NpyData = Float64Array | Float32Array | BigInt64Array | Int32Array | Uint8Array;

/** A decoded .npy array, always in C (row-major) order. */
export interface NpyArray {
  data: NpyData;
  shape: number[];
  /** numpy's dtype name: "float64", "float32", "int64", "int32", "bool" or "uint8". */
  dtype: string;
  fortranOrder: false;
}

/** dtypes that {@link writeNpy} can write. */
export type NpyWriteDtype = "float32" | "float64" | "int64" | "int32" | "bool";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface DtypeInfo {
  name: string;
  size: number;
  make: (buf: ArrayBuffer, n: number) => NpyData;
}

const DTYPES: Record<string, DtypeInfo> = {
  f8: { name: "float64", size: 8, make: (b, n) => new Float64Array(b, 0, n) },
  f4: { name: "float32", size: 4, make: (b, n) => new Float32Array(b, 0, n) },
  i8: { name: "int64", size: 8, make: (b, n) => new BigInt64Array(b, 0, n) },
  i4: { name: "int32", size: 4, make: (b, n) => new Int32Array(b, 0, n) },
  b1: { name: "bool", size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  u1: { name: "uint8", size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads a .npy file (path or bytes). Fortran-ordered arrays are transposed
 * into C order; big-endian data is byte-swapped.
 * @throws FormatError when the bytes are not a supported .npy array.
 */
export function readNpy(pathOrBytes: string | Uint8Array): NpyArray {
  const file = typeof pathOrBytes === "string" ? pathOrBytes : undefined;
  const bytes = typeof pathOrBytes === "string" ? new Uint8Array(readFileSync(pathOrBytes)) : pathOrBytes;
  const fail = (msg: string): never => {
    throw new FormatError(`not a readable .npy array: ${msg}`, file);
  };
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) fail("missing the \\x93NUMPY magic string");
  const major = bytes[6];
  let headerLen: number;
  let offset: number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail("truncated header");
    headerLen = view.getUint32(8, true);
    offset = 12;
  } else {
    return fail(`unsupported format version ${major}.${bytes[7]}`);
  }
  if (offset + headerLen > bytes.length) fail("truncated header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(offset, offset + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return fail(`cannot parse header ${JSON.stringify(header.trim())}`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, "")));
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`bad shape (${shapeText})`);
  const endian = descr[0];
  const info = DTYPES[descr.slice(1)];
  if (!info || !"<>|=".includes(endian)) return fail(`unsupported dtype '${descr}' (supported: float64, float32, int64, int32, bool, uint8)`);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = offset + headerLen;
  const nbytes = count * info.size;
  if (start + nbytes > bytes.length) fail(`data truncated: expected ${nbytes} bytes after the header, found ${bytes.length - start}`);
  // Copy into a fresh, aligned buffer.
  const buf = new ArrayBuffer(nbytes);
  const raw = new Uint8Array(buf);
  raw.set(bytes.subarray(start, start + nbytes));
  const bigEndian = endian === ">" || (endian === "=" && !LITTLE_ENDIAN);
  if (info.size > 1 && bigEndian === LITTLE_ENDIAN) swapBytes(raw, info.size);
  let data = info.make(buf, count);
  if (fortran === "True" && shape.length > 1) data = fortranToC(data, shape);
  return { data, shape, dtype: info.name, fortranOrder: false };
}

function swapBytes(raw: Uint8Array, size: number): void {
  for (let i = 0; i < raw.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = raw[a];
      raw[a] = raw[b];
      raw[b] = t;
    }
  }
}

function fortranToC<T extends NpyData>(data: T, shape: number[]): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  // Walk C order; compute the Fortran offset of each index.
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    let stride = 1;
    for (let k = 0; k < nd; k++) {
      f += idx[k] * stride;
      stride *= shape[k];
    }
    (out as unknown as unknown[])[c] = (data as unknown as unknown[])[f];
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

const DESCR: Record<NpyWriteDtype, string> = { float64: "<f8", float32: "<f4", int64: "<i8", int32: "<i4", bool: "|b1" };

function defaultDtype(data: ArrayLike<number> | BigInt64Array): NpyWriteDtype {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint8Array) return "bool";
  return "float64";
}

/** Options of {@link encodeNpy} / {@link writeNpy}. */
export interface NpyWriteOptions {
  /** dtype to store (default from the array type). */
  dtype?: NpyWriteDtype;
  /** Force format version 2.0 (default: 1.0 unless the header needs 2.0). */
  version?: 1 | 2;
}

/**
 * Encodes an array as .npy bytes (C order, little-endian, format 1.0 or 2.0
 * when the header needs it; the header is padded so the data starts on a
 * 64-byte boundary, as numpy does).
 * @param data the values in row-major order (its length must equal the product of shape)
 * @param shape the array's shape; [] for a scalar
 * @param opts dtype to store (default from the array type: Float32Array → float32, BigInt64Array → int64, Int32Array → int32, Uint8Array → bool, else float64)
 */
export function encodeNpy(data: ArrayLike<number> | BigInt64Array, shape: number[], opts: NpyWriteOptions = {}): Uint8Array {
  const dtype = opts.dtype ?? defaultDtype(data);
  if (!(dtype in DESCR)) throw new InputError(`encodeNpy: unsupported dtype "${dtype}" (use float64, float32, int64, int32 or bool)`);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new InputError(`encodeNpy: bad shape [${shape.join(", ")}]`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new InputError(`encodeNpy: data has ${data.length} values but shape [${shape.join(", ")}] needs ${count}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let version = 1;
  let prefix = 10;
  if (opts.version === 2 || header.length + 1 + prefix > 65535) {
    version = 2;
    prefix = 12;
  }
  const total = prefix + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const size = dtype === "bool" ? 1 : dtype === "float32" || dtype === "int32" ? 4 : 8;
  const out = new Uint8Array(prefix + header.length + count * size);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  const at = prefix + header.length;
  const big = data instanceof BigInt64Array;
  for (let i = 0; i < count; i++) {
    const o = at + i * size;
    const v = data[i];
    switch (dtype) {
      case "float64":
        view.setFloat64(o, Number(v), true);
        break;
      case "float32":
        view.setFloat32(o, Number(v), true);
        break;
      case "int64":
        view.setBigInt64(o, big ? (v as bigint) : toBigInt(v as number, i), true);
        break;
      case "int32":
        view.setInt32(o, Number(v), true);
        break;
      case "bool":
        out[o] = big ? ((v as bigint) !== 0n ? 1 : 0) : (v as number) ? 1 : 0;
        break;
    }
  }
  return out;
}

function toBigInt(v: number, i: number): bigint {
  if (!Number.isInteger(v)) throw new InputError(`encodeNpy: value ${v} at index ${i} is not an integer, cannot store as int64`);
  return BigInt(v);
}

/** Writes a .npy file atomically (see {@link encodeNpy} for the arguments). */
export function writeNpy(path: string, data: ArrayLike<number> | BigInt64Array, shape: number[], opts: NpyWriteOptions = {}): void {
  writeFileAtomicSync(path, encodeNpy(data, shape, opts));
}
