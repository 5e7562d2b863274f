// .npy output (format 1.0, little-endian, C order), written atomically.
// The contract places writeNpy in @mm/util; this local writer covers the two
// dtypes the samplers emit until it is available there.
import { writeFileAtomicSync } from "@mm/util";

export type NpyDtype = "float32" | "float64";

export function encodeNpy(data: ArrayLike<number>, shape: number[], dtype: NpyDtype): Uint8Array {
  const descr = dtype === "float32" ? "<f4" : "<f8";
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  const pad = (64 - (total % 64)) % 64;
  header = header + " ".repeat(pad) + "\n";
  const bytesPer = dtype === "float32" ? 4 : 8;
  const out = new Uint8Array(10 + header.length + data.length * bytesPer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = dtype === "float32" ? new Float32Array(data.length) : new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) body[i] = data[i];
  out.set(new Uint8Array(body.buffer), 10 + header.length);
  return out;
}

export function writeNpy(path: string, data: ArrayLike<number>, shape: number[], dtype: NpyDtype): void {
  writeFileAtomicSync(path, encodeNpy(data, shape, dtype));
}
