// Streaming text input: plain files and gzip (detected by magic bytes, not by
// the file name), delivered as arrays of complete lines so that parsers run a
// tight synchronous loop. Memory is bounded by the chunk size.
import { createReadStream, openSync, readSync, closeSync, statSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { InputError } from "@mm/util";

/** True when the file starts with the gzip magic bytes 1f 8b. */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(2);
    const n = readSync(fd, b, 0, 2, 0);
    return n === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** How far `streamLines` has read, passed with every batch of lines. */
export interface LineStreamProgress {
  /** Bytes read from disk so far (compressed bytes for .gz). */
  bytesRead: number;
  /** Size of the file on disk. */
  fileSize: number;
}

/**
 * Reads a text file (plain or gzip) and calls `onLines` with batches of lines
 * (without the trailing newline or carriage return). `onLines` returns false to
 * stop reading early. Decompression errors are rethrown by the caller's
 * `wrapError`, which knows how far the parse got.
 */
export async function streamLines(
  path: string,
  onLines: (lines: string[], progress: LineStreamProgress) => boolean | void,
  options: { highWaterMark?: number; /** For tar archives: the member to read (default: the first *.lhe or *.lhe.gz). */ member?: string } = {},
): Promise<void> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new InputError(`cannot read the event file: ${(err as Error).message}. Check the path.`, { file: path, cause: err });
  }
  const gz = size >= 2 && isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: options.highWaterMark ?? 1 << 20 });
  const progress: LineStreamProgress = { bytesRead: 0, fileSize: size };
  raw.on("data", (c) => {
    progress.bytesRead += (c as Buffer).length;
  });
  const gunzip = gz ? createGunzip({ chunkSize: 1 << 20 }) : null;
  const source: Readable = gunzip ? raw.pipe(gunzip) : raw;
  if (gunzip) raw.on("error", (err) => gunzip.destroy(err));
  const chunks = await openInner(source, path, options.member);
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let stopped = false;
  try {
    for await (const chunk of chunks) {
      const text = rest + decoder.write(chunk as Buffer);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
      }
      if (onLines(lines, progress) === false) {
        stopped = true;
        break;
      }
    }
    if (!stopped) {
      rest += decoder.end();
      if (rest.length > 0) onLines([rest.endsWith("\r") ? rest.slice(0, -1) : rest], progress);
    }
  } finally {
    raw.destroy();
    if (gunzip) gunzip.destroy();
  }
}

/** True when a 512-byte block is a tar header ("ustar" magic at offset 257). */
function isTarHeader(b: Buffer): boolean {
  return b.length >= 262 && b.toString("latin1", 257, 262) === "ustar";
}

/**
 * The byte stream to read lines from: the (decompressed) file itself, or, for a tar archive
 * (a MadGraph run's .tar.gz), its first member named *.lhe or *.lhe.gz (or `member`),
 * decompressed again when that member is gzipped.
 */
async function openInner(source: Readable, path: string, member?: string): Promise<AsyncIterable<Buffer>> {
  const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return (async function* () {})();
  const head = first.value as Buffer;
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => it };
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    yield* rest;
  }
  if (!isTarHeader(head)) return all();
  const entry = tarMember(all(), path, member);
  const peek = await entry.next();
  if (peek.done) throw new InputError(`the tar archive has no member named ${member ?? "*.lhe or *.lhe.gz"}`, { file: path });
  const firstData = peek.value;
  async function* member0(): AsyncGenerator<Buffer> {
    yield firstData;
    yield* { [Symbol.asyncIterator]: () => entry };
  }
  if (firstData.length >= 2 && firstData[0] === 0x1f && firstData[1] === 0x8b) {
    return Readable.from(member0()).pipe(createGunzip({ chunkSize: 1 << 20 }));
  }
  return member0();
}

/** Streams the data of one tar member (ustar and GNU long names). */
async function* tarMember(input: AsyncIterable<Buffer>, path: string, member?: string): AsyncGenerator<Buffer> {
  let buf: Buffer = Buffer.alloc(0);
  let longName: string | null = null;
  const want = (name: string) => (member ? name === member || name.endsWith("/" + member) : /\.lhe(\.gz)?$/.test(name));
  const iter = input[Symbol.asyncIterator]();
  const fill = async (n: number): Promise<boolean> => {
    while (buf.length < n) {
      const r = await iter.next();
      if (r.done) return false;
      buf = buf.length ? Buffer.concat([buf, r.value]) : r.value;
    }
    return true;
  };
  for (;;) {
    if (!(await fill(512))) return;
    const h = buf.subarray(0, 512);
    if (h.every((x) => x === 0)) return; // end of archive
    const str = (a: number, b: number) => h.toString("latin1", a, b).replace(/\0.*$/s, "");
    const size = parseInt(str(124, 136).trim() || "0", 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = str(345, 500);
    let name = longName ?? (prefix ? prefix + "/" : "") + str(0, 100);
    longName = null;
    buf = buf.subarray(512);
    const padded = Math.ceil(size / 512) * 512;
    if (type === "L") {
      if (!(await fill(padded))) throw new InputError(`truncated tar archive (in a long-name entry)`, { file: path });
      longName = buf.toString("latin1", 0, size).replace(/\0.*$/s, "");
      buf = buf.subarray(padded);
      continue;
    }
    if ((type === "0" || type === "\0") && want(name)) {
      let left = size;
      while (left > 0) {
        if (buf.length === 0 && !(await fill(1))) throw new InputError(`truncated tar archive: member '${name}' ends early`, { file: path });
        const take = Math.min(left, buf.length);
        yield buf.subarray(0, take);
        buf = buf.subarray(take);
        left -= take;
      }
      return;
    }
    // Skip this member.
    let skip = padded;
    while (skip > 0) {
      if (buf.length === 0 && !(await fill(1))) return;
      const take = Math.min(skip, buf.length);
      buf = buf.subarray(take);
      skip -= take;
    }
    void name;
  }
}
