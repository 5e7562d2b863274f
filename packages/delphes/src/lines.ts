// Streaming text input: plain files and gzip (detected by magic bytes, not by
// the file name), delivered as arrays of complete lines so that parsers run a
// tight synchronous loop. Memory is bounded by the chunk size.
import { createReadStream, openSync, readSync, closeSync, statSync } from "node:fs";
import { createGunzip } from "node:zlib";
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
  options: { highWaterMark?: number } = {},
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
  const source = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  if (gz) raw.on("error", (err) => source.destroy(err));
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let stopped = false;
  try {
    for await (const chunk of source) {
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
    if (gz) source.destroy();
  }
}
