// h5wasm can create fixed-length strings only as NULLTERM; numpy's |S256 (what
// h5py and Python MadMiner write) is NULLPAD. This flips the padding flag in
// the datatype messages of a closed file.
import { closeSync, openSync, readSync, writeSync } from "node:fs";

// A v1 object-header message holding a fixed-length ASCII NULLTERM string
// datatype: message type 3, size 8, flags (any), then class/version 0x13, bit
// field (pad 0 = NULLTERM, cset 0 = ASCII), then the string size (any, < 65536).
// We set pad to 1 (NULLPAD).
const PATTERN = [0x03, 0x00, 0x08, 0x00, -1, 0x00, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00, -1, -1, 0x00, 0x00];
const PAD_OFFSET = 9;
const PREFIX = Buffer.from([0x03, 0x00, 0x08, 0x00]);

/**
 * Rewrites every fixed-length ASCII string datatype message in a closed HDF5 file
 * (written with v1 object headers, which carry no checksums) from NULLTERM to
 * NULLPAD, so that the file has exactly h5py's `|S256` type. Scans in chunks.
 * Returns how many datatypes were patched.
 */
export function patchStringPadding(path: string): number {
  const fd = openSync(path, "r+");
  const CHUNK = 8 << 20;
  const overlap = PATTERN.length - 1;
  const buf = Buffer.alloc(CHUNK + overlap);
  let patched = 0;
  try {
    let pos = 0; // file offset of buf[0]
    let have = readSync(fd, buf, 0, CHUNK + overlap, 0);
    while (have > 0) {
      const limit = have - PATTERN.length;
      for (let i = buf.indexOf(PREFIX, 0); i !== -1 && i <= limit; i = buf.indexOf(PREFIX, i + 1)) {
        let ok = true;
        for (let k = PREFIX.length; k < PATTERN.length; k++) {
          const p = PATTERN[k]!;
          if (p >= 0 && buf[i + k] !== p) {
            ok = false;
            break;
          }
        }
        if (ok) {
          writeSync(fd, Buffer.from([0x01]), 0, 1, pos + i + PAD_OFFSET);
          buf[i + PAD_OFFSET] = 0x01;
          patched++;
        }
      }
      if (have < CHUNK + overlap) break;
      pos += CHUNK;
      buf.copy(buf, 0, CHUNK, CHUNK + overlap);
      const more = readSync(fd, buf, overlap, CHUNK, pos + overlap);
      have = overlap + more;
      if (more === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return patched;
}
