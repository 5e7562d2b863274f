// openEventsWriter: appends batches of events to disk spools and writes the
// HDF5 file from them at close(), for event sets too large to hold at once.
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import type { Group } from "h5wasm/node";
import { InputError, temporaryPathFor } from "@mm/util";
import { toInt64, writeDataset } from "./h5.js";
import type { EventBatch, MadMinerSetup } from "./types.js";
import { countSamples, nPhysical, writeObservables, writeSummary, type ObservablesSpec } from "./write-events.js";
import { group, validateSetup, writeFile, writeSetupGroups } from "./write-setup.js";

/** Options of {@link openEventsWriter}. */
export interface EventsWriterOptions {
  /**
   * Datasets up to this size (default 512 MB) are written contiguous, exactly
   * as Python does, which holds the dataset in memory once at close(); larger
   * ones are written chunked in ~4 MB slices (memory bounded; h5py and the
   * Python MadMiner read them the same way). h5wasm's heap is at most 2 GB.
   */
  contiguousLimitBytes?: number;
}

/** An open appending writer (see openEventsWriter). */
export interface EventsWriter {
  /** Appends a batch: n events with observations (n × O), weights (n × B) and sampling ids (n). */
  append(batch: Pick<EventBatch, "n" | "observations" | "weights" | "samplingBenchmarks">): void;
  /** Number of events appended so far. */
  readonly nEvents: number;
  /** Writes the HDF5 file (atomically) and removes the spool files. */
  close(): Promise<void>;
  /** Discards everything (no file is written). */
  abort(): void;
}

/**
 * An appending writer for event sets too large to hold at once: batches are
 * spooled to temporary raw files beside `path`, and `close()` writes the HDF5
 * datasets from them (see {@link EventsWriterOptions.contiguousLimitBytes}).
 */
export function openEventsWriter(path: string, setup: MadMinerSetup, observables: ObservablesSpec, options: EventsWriterOptions = {}): EventsWriter {
  const contiguousLimit = options.contiguousLimitBytes ?? 512 * 1024 * 1024;
  validateSetup(setup, path);
  const O = observables.observableNames.length;
  const B = setup.benchmarks.length;
  const spool = { obs: temporaryPathFor(path) + ".obs", w: temporaryPathFor(path) + ".w", sb: temporaryPathFor(path) + ".sb" };
  const fds = { obs: openSync(spool.obs, "w"), w: openSync(spool.w, "w"), sb: openSync(spool.sb, "w") };
  const counts = { signal: new Array<number>(nPhysical(setup)).fill(0), background: 0 };
  let n = 0;
  let open = true;
  const cleanup = () => {
    for (const fd of Object.values(fds)) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    for (const p of Object.values(spool)) rmSync(p, { force: true });
  };
  const put = (fd: number, a: Float64Array) => writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return {
    get nEvents() {
      return n;
    },
    append(batch) {
      if (!open) throw new InputError(`openEventsWriter(${path}): append after close`);
      const k = batch.n;
      if (batch.observations.length !== k * O) throw new InputError(`openEventsWriter(${path}): batch observations has ${batch.observations.length} values, expected ${k} × ${O}`);
      if (batch.weights.length !== k * B) throw new InputError(`openEventsWriter(${path}): batch weights has ${batch.weights.length} values, expected ${k} × ${B}`);
      if (batch.samplingBenchmarks.length !== k) throw new InputError(`openEventsWriter(${path}): batch samplingBenchmarks has ${batch.samplingBenchmarks.length} entries, expected ${k}`);
      countSamples(setup, batch.samplingBenchmarks, counts, path);
      put(fds.obs, Float64Array.from(batch.observations));
      put(fds.w, Float64Array.from(batch.weights));
      put(fds.sb, Float64Array.from(batch.samplingBenchmarks));
      n += k;
    },
    abort() {
      open = false;
      cleanup();
    },
    async close() {
      if (!open) throw new InputError(`openEventsWriter(${path}): closed twice`);
      open = false;
      for (const fd of Object.values(fds)) closeSync(fd);
      try {
        await writeFile(path, (file) => {
          writeSetupGroups(file, setup);
          writeObservables(file, observables);
          const s = group(file, "samples");
          streamDataset(s, "observations", spool.obs, n, O, "float64", contiguousLimit);
          streamDataset(s, "weights", spool.w, n, B, "float64", contiguousLimit);
          streamDataset(s, "sampling_benchmarks", spool.sb, n, 0, "int64", contiguousLimit);
          writeSummary(file, counts);
        });
      } finally {
        for (const p of Object.values(spool)) rmSync(p, { force: true });
      }
    },
  };
}

/**
 * Creates the dataset of n rows from a raw float64 spool file: contiguous (as
 * Python writes) up to `contiguousLimit` bytes, which needs the whole dataset
 * in memory once; chunked and written slice by slice above it (bounded memory;
 * h5py and Python MadMiner read it the same way).
 */
function streamDataset(g: Group, name: string, spoolPath: string, n: number, cols: number, kind: "float64" | "int64", contiguousLimit: number): void {
  const width = cols === 0 ? 1 : cols;
  const shape = cols === 0 ? [n] : [n, cols];
  const fd = openSync(spoolPath, "r");
  const readInto = (buf: Float64Array, row: number) => {
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    const STEP = 64 << 20;
    for (let off = 0; off < bytes.length; ) {
      const got = readSync(fd, bytes, off, Math.min(STEP, bytes.length - off), row * width * 8 + off);
      if (got <= 0) throw new InputError(`openEventsWriter: spool file ${spoolPath} is shorter than expected`);
      off += got;
    }
  };
  try {
    if (n * width * 8 <= contiguousLimit || n === 0) {
      const buf = new Float64Array(n * width);
      readInto(buf, 0);
      writeDataset(g, name, kind, buf, shape);
      return;
    }
    const rows = Math.max(1, Math.min(n, Math.floor((4 << 20) / (8 * width)))); // ~4 MB chunks
    const first = new Float64Array(rows * width);
    readInto(first, 0);
    const data = kind === "int64" ? toInt64(first, `${g.path}/${name}`) : first;
    g.create_dataset({
      name,
      data,
      shape: cols === 0 ? [rows] : [rows, cols],
      maxshape: cols === 0 ? [null] : [null, cols],
      chunks: cols === 0 ? [rows] : [rows, cols],
      dtype: kind === "int64" ? "<q" : "<d",
    });
    const ds = g.get(name) as unknown as { resize(s: number[]): void; write_slice(r: [number, number][], d: unknown): void };
    ds.resize(shape);
    for (let s = rows; s < n; s += rows) {
      const e = Math.min(n, s + rows);
      const buf = new Float64Array((e - s) * width);
      readInto(buf, s);
      ds.write_slice(cols === 0 ? [[s, e]] : [[s, e], [0, cols]], kind === "int64" ? toInt64(buf, `${g.path}/${name}`) : buf);
    }
  } finally {
    closeSync(fd);
  }
}
