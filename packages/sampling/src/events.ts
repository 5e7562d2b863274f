// Event sources: where the analysis layer gets its weighted events from.
// An EventSource is the setup (parameters, benchmarks, morphing, observables,
// sample summary) plus a chunked iterator over rows. The HDF5 file reader of
// @mm/hdf5 and plain in-memory arrays both fit it.
import type { EventBatch } from "@mm/hdf5";
import { InputError } from "@mm/util";

/** One chunk of rows of an events file (row-major arrays): the type of @mm/hdf5's reader. */
export type { EventBatch };

/** A theory parameter of the setup, as the analysis layer sees it. */
export interface SourceParameter {
  name: string;
}

/** A benchmark of the setup: its parameter values, and whether it is a nuisance benchmark or the reference. */
export interface SourceBenchmark {
  name: string;
  /** Values in parameter order. */
  values: number[];
  isNuisance: boolean;
  isReference?: boolean;
}

/** The morphing setup of an events file: components (exponents per parameter) and the morphing matrix. */
export interface SourceMorphing {
  /** C × P exponent rows. */
  components: number[][];
  /** C × B_phys row-major morphing matrix. */
  matrix: Float64Array;
}

/** What the analysis layer needs to know about an events file. */
export interface EventSetup {
  parameters: SourceParameter[];
  benchmarks: SourceBenchmark[];
  morphing: SourceMorphing | null;
  observableNames: string[];
  nEvents: number;
  /** Events generated at each physics benchmark (sample_summary/signal_events). */
  signalEvents: number[];
  backgroundEvents: number;
}

/** Options of `EventSource.batches`: the rows [start, end) (default: all) and the rows per batch. */
export interface BatchOptions {
  start?: number;
  end?: number;
  batchSize?: number;
}

/** A setup plus a chunked, restartable iterator over the event rows. */
export interface EventSource {
  readonly setup: EventSetup;
  /** A human name for messages (usually the file path). */
  readonly name: string;
  /** True when every batch holds newly allocated arrays that the reader may modify in place. */
  readonly freshBatches?: boolean;
  batches(options?: BatchOptions): AsyncIterable<EventBatch>;
}

/** Events held in memory (tests, tools, small files). */
export class InMemoryEventSource implements EventSource {
  readonly setup: EventSetup;
  readonly name: string;
  readonly observations: Float64Array;
  readonly weights: Float64Array;
  readonly samplingBenchmarks: Int32Array;

  constructor(
    setup: EventSetup,
    data: { observations: Float64Array; weights: Float64Array; samplingBenchmarks: Int32Array },
    name = "in-memory events",
  ) {
    const n = setup.nEvents;
    const O = setup.observableNames.length;
    const B = setup.benchmarks.length;
    if (data.observations.length !== n * O) {
      throw new InputError(`${name}: observations has ${data.observations.length} values, expected nEvents × observables = ${n} × ${O}`);
    }
    if (data.weights.length !== n * B) {
      throw new InputError(`${name}: weights has ${data.weights.length} values, expected nEvents × benchmarks = ${n} × ${B}`);
    }
    if (data.samplingBenchmarks.length !== n) {
      throw new InputError(`${name}: samplingBenchmarks has ${data.samplingBenchmarks.length} entries, expected nEvents = ${n}`);
    }
    this.setup = setup;
    this.name = name;
    this.observations = data.observations;
    this.weights = data.weights;
    this.samplingBenchmarks = data.samplingBenchmarks;
  }

  async *batches(options: BatchOptions = {}): AsyncIterable<EventBatch> {
    const n = this.setup.nEvents;
    const start = Math.max(0, options.start ?? 0);
    const end = Math.min(n, options.end ?? n);
    const size = Math.max(1, options.batchSize ?? 100000);
    const O = this.setup.observableNames.length;
    const B = this.setup.benchmarks.length;
    for (let s = start; s < end; s += size) {
      const e = Math.min(end, s + size);
      yield {
        start: s,
        n: e - s,
        observations: this.observations.subarray(s * O, e * O),
        weights: this.weights.subarray(s * B, e * B),
        samplingBenchmarks: this.samplingBenchmarks.subarray(s, e),
      };
    }
  }
}
