// Row-range reads from .npy files without loading them whole: the header is
// parsed once, then rows [start, end) are read at their byte offset and
// converted to float32 (optionally selecting columns).
import { closeSync, openSync, readSync, fstatSync } from "node:fs";
import { FormatError } from "@mm/util";

const SIZES: Record<string, number> = { f4: 4, f8: 8, i8: 8, i4: 4, b1: 1, u1: 1 };

/** An open .npy file read by rows. */
export class NpyRows {
  private constructor(readonly path: string, private readonly fd: number, readonly shape: number[], readonly kind: string, private readonly dataOffset: number) {}

  /** Rows (first dimension). */
  get nRows(): number {
    return this.shape[0];
  }

  /** Values per row (product of the other dimensions; 1 for a 1-D array). */
  get width(): number {
    return this.shape.slice(1).reduce((a, b) => a * b, 1);
  }

  /** Opens a C-ordered little-endian .npy file (float32/64, int32/64, bool). */
  static open(path: string): NpyRows {
    const fd = openSync(path, "r");
    try {
      const head = Buffer.alloc(12);
      readSync(fd, head, 0, 12, 0);
      if (head[0] !== 0x93 || head.toString("latin1", 1, 6) !== "NUMPY") throw new FormatError("not a .npy file (bad magic)", path);
      const major = head[6];
      const hlen = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
      const start = major === 1 ? 10 : 12;
      const hb = Buffer.alloc(hlen);
      readSync(fd, hb, 0, hlen, start);
      const header = hb.toString("latin1");
      const descr = /'descr':\s*'([<>|=])([a-z]\d+)'/.exec(header);
      if (!descr || !(descr[2] in SIZES) || descr[1] === ">") throw new FormatError(`unsupported dtype in header ${header.trim()} (little-endian float32/float64/int32/int64/bool only)`, path);
      if (/'fortran_order':\s*True/.test(header)) throw new FormatError("Fortran-ordered arrays are not supported; save with np.ascontiguousarray", path);
      const shapeM = /'shape':\s*\(([^)]*)\)/.exec(header);
      if (!shapeM) throw new FormatError("no shape in the .npy header", path);
      const shape = shapeM[1].split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
      const r = new NpyRows(path, fd, shape.length ? shape : [1], descr[2], start + hlen);
      const expected = r.dataOffset + r.nRows * r.width * SIZES[r.kind];
      if (fstatSync(fd).size < expected) throw new FormatError(`file is truncated: ${fstatSync(fd).size} bytes, expected ${expected}`, path);
      return r;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** Rows [start, end) as float32, all columns or the selected ones. */
  read(start: number, end: number, cols: number[] | null = null): Float32Array {
    const w = this.width;
    const size = SIZES[this.kind];
    const m = end - start;
    const buf = Buffer.alloc(m * w * size);
    readSync(this.fd, buf, 0, buf.length, this.dataOffset + start * w * size);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
    const src: ArrayLike<number> =
      this.kind === "f4" ? new Float32Array(ab) : this.kind === "f8" ? new Float64Array(ab) : this.kind === "i4" ? new Int32Array(ab) : this.kind === "i8" ? Float64Array.from(new BigInt64Array(ab), Number) : new Uint8Array(ab);
    if (!cols) return src instanceof Float32Array ? src : Float32Array.from(src);
    const out = new Float32Array(m * cols.length);
    for (let i = 0; i < m; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = src[i * w + cols[j]];
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}
