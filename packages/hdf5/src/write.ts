// Writers: the setup groups (writeSetup), a whole events file (writeEvents) and
// an appending writer for large event sets (openEventsWriter). Element types
// are exactly those of Python MadMiner (|S256 NULLPAD ASCII, int64, float64,
// contiguous storage, scalar background_events). Every file is written under a
// temporary name and renamed when complete.
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import type { File as H5File, Group } from "h5wasm/node";
import { InputError, temporaryPathFor, withAtomicOutput } from "@mm/util";
import { openWrite, patchStringPadding, toInt64, writeDataset } from "./h5.js";
import type { EventBatch, MadMinerSetup } from "./types.js";

/** Checks the setup's internal consistency before anything is written. */
export function validateSetup(setup: MadMinerSetup, where = "setup"): void {
  const P = setup.parameters.length;
  if (P === 0) throw new InputError(`${where}: no parameters`);
  const seen = new Set<string>();
  for (const p of setup.parameters) {
    if (seen.has(p.name)) throw new InputError(`${where}: parameter name '${p.name}' is used twice`);
    seen.add(p.name);
    if (!Number.isInteger(p.lhaId)) throw new InputError(`${where}: parameter '${p.name}': lhaId must be an integer, got ${p.lhaId}`);
    if (!Number.isInteger(p.maxPower) || p.maxPower < 0) throw new InputError(`${where}: parameter '${p.name}': maxPower must be a non-negative integer, got ${p.maxPower}`);
  }
  const bseen = new Set<string>();
  for (const b of setup.benchmarks) {
    if (bseen.has(b.name)) throw new InputError(`${where}: benchmark name '${b.name}' is used twice`);
    bseen.add(b.name);
    if (b.values.length !== P) throw new InputError(`${where}: benchmark '${b.name}' has ${b.values.length} values, expected ${P} (one per parameter)`);
  }
  if (setup.morphing) {
    const C = setup.morphing.components.length;
    for (const row of setup.morphing.components) {
      if (row.length !== P) throw new InputError(`${where}: morphing component [${row}] has ${row.length} exponents, expected ${P}`);
    }
    if (C > 0 && setup.morphing.matrix.length % C !== 0) {
      throw new InputError(`${where}: morphing matrix has ${setup.morphing.matrix.length} entries, not a multiple of ${C} components`);
    }
  }
}

function group(file: H5File, name: string): Group {
  return file.create_group(name);
}

/** Writes /parameters, /benchmarks, /morphing and the optional groups into an open file. */
export function writeSetupGroups(file: H5File, setup: MadMinerSetup): void {
  const P = setup.parameters.length;
  const B = setup.benchmarks.length;
  const pars = group(file, "parameters");
  writeDataset(pars, "names", "S256", setup.parameters.map((p) => p.name), [P]);
  writeDataset(pars, "lha_blocks", "S256", setup.parameters.map((p) => p.lhaBlock), [P]);
  writeDataset(pars, "lha_ids", "int64", setup.parameters.map((p) => p.lhaId), [P]);
  const nConfigs = Math.max(0, ...setup.parameters.map((p) => p.maxPowers?.length ?? 0));
  if (nConfigs === 0) {
    writeDataset(pars, "max_power", "int64", setup.parameters.map((p) => p.maxPower), [P]);
  } else {
    const rows = setup.parameters.map((p) => {
      const r = p.maxPowers ?? [p.maxPower];
      if (r.length === 1) return new Array<number>(nConfigs).fill(r[0]!);
      if (r.length !== nConfigs) throw new InputError(`parameter '${p.name}' has ${r.length} max powers but another parameter has ${nConfigs} operator configurations`);
      return r;
    });
    writeDataset(pars, "max_power", "int64", rows.flat(), [P, nConfigs]);
  }
  writeDataset(pars, "val_ranges", "float64", setup.parameters.flatMap((p) => [p.range[0], p.range[1]]), [P, 2]);
  writeDataset(pars, "transforms", "S256", setup.parameters.map((p) => p.transform ?? "_"), [P]);

  const bm = group(file, "benchmarks");
  writeDataset(bm, "names", "S256", setup.benchmarks.map((b) => b.name), [B]);
  writeDataset(bm, "values", "float64", setup.benchmarks.flatMap((b) => b.values), [B, P]);
  writeDataset(bm, "is_nuisance", "int64", setup.benchmarks.map((b) => (b.isNuisance ? 1 : 0)), [B]);
  writeDataset(bm, "is_reference", "int64", setup.benchmarks.map((b) => (b.isReference ? 1 : 0)), [B]);

  if (setup.morphing) {
    const C = setup.morphing.components.length;
    const m = group(file, "morphing");
    writeDataset(m, "components", "int64", setup.morphing.components.flat(), [C, P]);
    const cols = C === 0 ? 0 : setup.morphing.matrix.length / C;
    writeDataset(m, "morphing_matrix", "float64", setup.morphing.matrix, [C, cols]);
  }

  if (setup.nuisance && setup.nuisance.length > 0) {
    const n = setup.nuisance;
    const g = group(file, "nuisance_parameters");
    writeDataset(g, "names", "S256", n.map((x) => x.name), [n.length]);
    writeDataset(g, "systematics", "S256", n.map((x) => x.systematic), [n.length]);
    writeDataset(g, "benchmark_positive", "S256", n.map((x) => x.benchmarkPositive ?? "None"), [n.length]);
    writeDataset(g, "benchmark_negative", "S256", n.map((x) => x.benchmarkNegative ?? "None"), [n.length]);
  }
  if (setup.systematics && setup.systematics.length > 0) {
    const s = setup.systematics;
    const g = group(file, "systematics");
    writeDataset(g, "names", "S256", s.map((x) => x.name), [s.length]);
    writeDataset(g, "types", "S256", s.map((x) => x.type), [s.length]);
    writeDataset(g, "values", "S256", s.map((x) => x.value), [s.length]);
    writeDataset(g, "scales", "S256", s.map((x) => x.scale ?? "None"), [s.length]);
  }
  if (setup.finiteDifferences) {
    const fd = setup.finiteDifferences;
    const nb = fd.baseBenchmarks.length;
    for (const row of fd.shiftedBenchmarks) {
      if (row.length !== P) throw new InputError(`finiteDifferences: each shifted-benchmark row needs ${P} names, got ${row.length}`);
    }
    const g = group(file, "finite_differences");
    // Python writes these two without dtype="S256": h5py 3 stores a list of bytes as variable-length strings.
    writeDataset(g, "base_benchmarks", "vlen", fd.baseBenchmarks, [nb]);
    writeDataset(g, "shifted_benchmarks", "vlen", fd.shiftedBenchmarks.flat(), [nb, P]);
    writeDataset(g, "epsilon", "float64", [fd.epsilon], []);
  }
}

async function writeFile(path: string, fill: (file: H5File) => void | Promise<void>): Promise<void> {
  await withAtomicOutput(path, async (tmp) => {
    const file = await openWrite(tmp);
    try {
      await fill(file);
    } finally {
      file.close();
    }
    patchStringPadding(tmp);
  });
}

/** Writes a setup-only MadMiner file (as MadMiner.save()): parameters, benchmarks, morphing, optional groups. */
export async function writeSetup(path: string, setup: MadMinerSetup): Promise<void> {
  validateSetup(setup, path);
  await writeFile(path, (file) => writeSetupGroups(file, setup));
}

export interface ObservablesSpec {
  observableNames: string[];
  /** Expression strings; null (stored as "None") for observables defined by a function. */
  observableDefinitions?: (string | null)[];
}

export interface EventsData extends ObservablesSpec {
  /** nEvents × O row-major. */
  observations: Float64Array;
  /** nEvents × B row-major, columns in benchmark order. */
  weights: Float64Array;
  /** nEvents; benchmark index, -1 = background. */
  samplingBenchmarks: Int32Array | ArrayLike<number>;
  nEvents: number;
}

function countSamples(setup: MadMinerSetup, ids: ArrayLike<number>, counts: { signal: number[]; background: number }, where: string): void {
  const B = setup.benchmarks.length;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === -1) counts.background++;
    else if (Number.isInteger(id) && id >= 0 && id < B) {
      if (id < counts.signal.length) counts.signal[id]!++;
    } else throw new InputError(`${where}: sampling benchmark ${id} of event ${i} is neither -1 nor a benchmark index (0..${B - 1})`);
  }
}

function nPhysical(setup: MadMinerSetup): number {
  return setup.benchmarks.filter((b) => !b.isNuisance).length;
}

function writeObservables(file: H5File, spec: ObservablesSpec): void {
  const O = spec.observableNames.length;
  const defs = spec.observableDefinitions ?? spec.observableNames.map(() => null);
  if (defs.length !== O) throw new InputError(`observableDefinitions has ${defs.length} entries for ${O} observable names`);
  const g = group(file, "observables");
  writeDataset(g, "names", "S256", spec.observableNames, [O]);
  writeDataset(g, "definitions", "S256", defs.map((d) => d ?? "None"), [O]);
}

function writeSummary(file: H5File, counts: { signal: number[]; background: number }): void {
  const g = group(file, "sample_summary");
  writeDataset(g, "signal_events", "int64", counts.signal, [counts.signal.length]);
  writeDataset(g, "background_events", "int64", [counts.background], []);
}

/** Writes a complete events file: the setup groups, /observables, /samples and /sample_summary. */
export async function writeEvents(path: string, setup: MadMinerSetup, events: EventsData): Promise<void> {
  validateSetup(setup, path);
  const N = events.nEvents;
  const O = events.observableNames.length;
  const B = setup.benchmarks.length;
  if (events.observations.length !== N * O) throw new InputError(`writeEvents(${path}): observations has ${events.observations.length} values, expected ${N} events × ${O} observables`);
  if (events.weights.length !== N * B) throw new InputError(`writeEvents(${path}): weights has ${events.weights.length} values, expected ${N} events × ${B} benchmarks`);
  if (events.samplingBenchmarks.length !== N) throw new InputError(`writeEvents(${path}): samplingBenchmarks has ${events.samplingBenchmarks.length} entries, expected ${N}`);
  const counts = { signal: new Array<number>(nPhysical(setup)).fill(0), background: 0 };
  countSamples(setup, events.samplingBenchmarks, counts, path);
  await writeFile(path, (file) => {
    writeSetupGroups(file, setup);
    writeObservables(file, events);
    const s = group(file, "samples");
    writeDataset(s, "observations", "float64", events.observations, [N, O]);
    writeDataset(s, "weights", "float64", events.weights, [N, B]);
    writeDataset(s, "sampling_benchmarks", "int64", events.samplingBenchmarks, [N]);
    writeSummary(file, counts);
  });
}

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
