// Events: the observables and counts (readEventsSummary), and the samples in
// row slices (readEventBatches) so that memory stays bounded by the batch size.
import type { File as H5File } from "h5wasm/node";
import { FormatError, InputError } from "@mm/util";
import { dataset, has, openRead, readNumbers, readRows, readStrings, requireDataset, shapeOf } from "./h5.js";
import type { EventBatch, EventsSummary } from "./types.js";

/** Observables and event counts, or null when the file holds no events (a setup-only file). */
export async function readEventsSummary(path: string): Promise<EventsSummary | null> {
  const file = await openRead(path);
  try {
    return readEventsSummaryFrom(file, path);
  } finally {
    file.close();
  }
}

/** readEventsSummary on an open file. */
export function readEventsSummaryFrom(file: H5File, path: string): EventsSummary | null {
  if (!has(file, "samples")) return null;
  const notes: string[] = [];
  const obsD = requireDataset(file, "samples/observations", path);
  const wD = requireDataset(file, "samples/weights", path);
  const nEvents = shapeOf(obsD)[0] ?? 0;
  if ((shapeOf(wD)[0] ?? 0) !== nEvents) {
    throw new FormatError(`/samples/weights has ${shapeOf(wD)[0]} rows but /samples/observations has ${nEvents}`, path);
  }
  const O = shapeOf(obsD)[1] ?? 0;
  const namesD = dataset(file, "observables/names");
  const names = namesD ? readStrings(namesD) : Array.from({ length: O }, (_, i) => `x${i}`);
  if (!namesD) notes.push("/observables/names missing: observables named x0, x1, ...");
  const defD = dataset(file, "observables/definitions");
  const definitions = defD ? readStrings(defD).map((s) => (s === "None" ? null : s)) : names.map(() => null);
  if (names.length !== O) throw new FormatError(`/observables/names has ${names.length} entries but /samples/observations has ${O} columns`, path);

  const sbD = dataset(file, "samples/sampling_benchmarks");
  const B = shapeOf(wD)[1] ?? 0;
  let signalEvents: number[];
  let backgroundEvents: number;
  const sigD = dataset(file, "sample_summary/signal_events");
  const bgD = dataset(file, "sample_summary/background_events");
  if (sigD && bgD) {
    signalEvents = Array.from(readNumbers(sigD));
    backgroundEvents = readNumbers(bgD)[0] ?? 0;
  } else if (sbD) {
    notes.push("/sample_summary missing: counts computed from /samples/sampling_benchmarks");
    const nPhys = has(file, "benchmarks/is_nuisance")
      ? Array.from(readNumbers(requireDataset(file, "benchmarks/is_nuisance", path))).filter((x) => x === 0).length
      : B;
    signalEvents = new Array<number>(nPhys).fill(0);
    backgroundEvents = 0;
    const step = 100_000;
    for (let s = 0; s < nEvents; s += step) {
      const ids = readRows(sbD, s, Math.min(nEvents, s + step));
      for (const id of ids) {
        if (id < 0) backgroundEvents++;
        else if (id < nPhys) signalEvents[id]!++;
      }
    }
  } else {
    notes.push(
      "/samples/sampling_benchmarks and /sample_summary missing (2019-era file): the generating benchmark of each event is unknown; events read with sampling id -1 (weights used as stored, no sampling factors)",
    );
    signalEvents = new Array<number>(B).fill(0);
    backgroundEvents = nEvents;
  }
  return {
    observables: { names, definitions },
    nEvents,
    signalEvents,
    backgroundEvents,
    hasSamplingBenchmarks: sbD !== null,
    formatNotes: notes,
  };
}

/** Options of `readEventBatches`. */
export interface ReadEventBatchesOptions {
  /** Rows per batch (default 100000, as MadMiner). */
  batchSize?: number;
  /** First event (default 0). */
  start?: number;
  /** One past the last event (default: all). */
  end?: number;
}

/** Yields the events [start, end) in batches; only one batch is in memory at a time. */
export async function* readEventBatches(path: string, options: ReadEventBatchesOptions = {}): AsyncGenerator<EventBatch> {
  const batchSize = options.batchSize ?? 100_000;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new InputError(`readEventBatches: batchSize must be a positive integer, got ${batchSize}`);
  const file = await openRead(path);
  try {
    if (!has(file, "samples")) throw new FormatError("no events: group /samples is missing (a setup-only file?)", path);
    const obsD = requireDataset(file, "samples/observations", path);
    const wD = requireDataset(file, "samples/weights", path);
    const sbD = dataset(file, "samples/sampling_benchmarks");
    const nEvents = shapeOf(obsD)[0] ?? 0;
    const start = options.start ?? 0;
    const end = options.end ?? nEvents;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > nEvents || start > end) {
      throw new InputError(`readEventBatches: range [${start}, ${end}) is not inside the ${nEvents} events of ${path}`);
    }
    for (let s = start; s < end; s += batchSize) {
      const e = Math.min(end, s + batchSize);
      const n = e - s;
      const observations = readRows(obsD, s, e);
      const weights = readRows(wD, s, e);
      const samplingBenchmarks = new Int32Array(n);
      if (sbD) {
        const ids = readRows(sbD, s, e);
        for (let i = 0; i < n; i++) samplingBenchmarks[i] = ids[i]!;
      } else {
        samplingBenchmarks.fill(-1);
      }
      yield { start: s, n, observations, weights, samplingBenchmarks };
    }
  } finally {
    file.close();
  }
}
