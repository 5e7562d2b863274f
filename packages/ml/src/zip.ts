// A minimal ZIP reader (central directory; stored or deflated entries), enough
// for PyTorch's `torch.save` archives.
import { inflateRawSync } from "node:zlib";
import { FormatError } from "@mm/util";

/** Reads every entry of a ZIP archive into a map name → bytes. */
export function readZip(bytes: Uint8Array, file = "zip archive"): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new FormatError("not a ZIP archive (no end-of-central-directory record); PyTorch state dicts saved with torch >= 1.6 are ZIP files", file);
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out = new Map<string, Uint8Array>();
  for (let k = 0; k < count; k++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new FormatError("corrupt ZIP central directory", file);
    const method = view.getUint16(p + 10, true);
    const csize = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (view.getUint32(local, true) !== 0x04034b50) throw new FormatError(`corrupt ZIP local header for ${name}`, file);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + csize);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, new Uint8Array(inflateRawSync(data)));
    else throw new FormatError(`ZIP entry ${name} uses unsupported compression method ${method}`, file);
  }
  return out;
}
