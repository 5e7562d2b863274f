// An EventSource over a MadMiner HDF5 events file, read through @mm/hdf5
// (readSetup, readEventsSummary, readEventBatches: memory bounded by the batch size).
import { FormatError } from "@mm/util";
import { readEventBatches, readEventsSummary, readSetup, type MadMinerSetup } from "@mm/hdf5";
import type { BatchOptions, EventBatch, EventSetup, EventSource } from "./events.js";

/** The analysis view of a MadMiner setup plus an events summary. */
export function sourceFromSetup(
  setup: MadMinerSetup,
  summary: { observables: { names: string[] }; nEvents: number; signalEvents: number[]; backgroundEvents: number },
): EventSetup {
  return {
    parameters: setup.parameters.map((p) => ({ name: p.name })),
    benchmarks: setup.benchmarks.map((b) => ({ name: b.name, values: b.values.slice(), isNuisance: b.isNuisance, isReference: b.isReference })),
    morphing: setup.morphing ? { components: setup.morphing.components, matrix: setup.morphing.matrix } : null,
    observableNames: summary.observables.names.slice(),
    nEvents: summary.nEvents,
    signalEvents: summary.signalEvents.slice(),
    backgroundEvents: summary.backgroundEvents,
  };
}

class Hdf5EventSource implements EventSource {
  readonly freshBatches = true;
  constructor(
    readonly name: string,
    readonly setup: EventSetup,
  ) {}

  async *batches(options: BatchOptions = {}): AsyncIterable<EventBatch> {
    for await (const b of readEventBatches(this.name, { batchSize: options.batchSize ?? 100000, start: options.start ?? 0, end: options.end ?? this.setup.nEvents })) {
      yield { start: b.start, n: b.n, observations: b.observations, weights: b.weights, samplingBenchmarks: b.samplingBenchmarks };
    }
  }
}

/** Opens a MadMiner events file (setup + summary now, events streamed on demand). */
export async function openEventsFile(path: string): Promise<EventSource> {
  const setup = await readSetup(path);
  const summary = await readEventsSummary(path);
  if (!summary) {
    throw new FormatError(`${path} holds a setup but no events (/samples is missing): run the event reader first (mm lhe --setup SETUP.h5 --config ANALYSIS.yaml -o EVENTS.h5) and use its output`);
  }
  return new Hdf5EventSource(path, sourceFromSetup(setup, summary));
}
