// writeEvents: a whole events file (setup groups, /observables, /samples,
// /sample_summary), as Python's save_events after the setup.
import type { File as H5File } from "h5wasm/node";
import { InputError } from "@mm/util";
import { writeDataset } from "./h5.js";
import type { MadMinerSetup } from "./types.js";
import { group, validateSetup, writeFile, writeSetupGroups } from "./write-setup.js";

/** The observables of an events file (its /observables group): names and, where known, their defining expressions. */
export interface ObservablesSpec {
  observableNames: string[];
  /** Expression strings; null (stored as "None") for observables defined by a function. */
  observableDefinitions?: (string | null)[];
}

/**
 * All events of an events file, as given to `writeEvents`: observables, the weight of each
 * event at every benchmark (/samples/weights) and the benchmark each event was generated at.
 */
export interface EventsData extends ObservablesSpec {
  /** nEvents × O row-major. */
  observations: Float64Array;
  /** nEvents × B row-major, columns in benchmark order. */
  weights: Float64Array;
  /** nEvents; benchmark index, -1 = background. */
  samplingBenchmarks: Int32Array | ArrayLike<number>;
  nEvents: number;
}

/** Counts events per physics benchmark and background (internal). */
export function countSamples(setup: MadMinerSetup, ids: ArrayLike<number>, counts: { signal: number[]; background: number }, where: string): void {
  const B = setup.benchmarks.length;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === -1) counts.background++;
    else if (Number.isInteger(id) && id >= 0 && id < B) {
      if (id < counts.signal.length) counts.signal[id]!++;
    } else throw new InputError(`${where}: sampling benchmark ${id} of event ${i} is neither -1 nor a benchmark index (0..${B - 1})`);
  }
}

/** Number of physics (non-nuisance) benchmarks (internal). */
export function nPhysical(setup: MadMinerSetup): number {
  return setup.benchmarks.filter((b) => !b.isNuisance).length;
}

/** Writes /observables (internal). */
export function writeObservables(file: H5File, spec: ObservablesSpec): void {
  const O = spec.observableNames.length;
  const defs = spec.observableDefinitions ?? spec.observableNames.map(() => null);
  if (defs.length !== O) throw new InputError(`observableDefinitions has ${defs.length} entries for ${O} observable names`);
  const g = group(file, "observables");
  writeDataset(g, "names", "S256", spec.observableNames, [O]);
  writeDataset(g, "definitions", "S256", defs.map((d) => d ?? "None"), [O]);
}

/** Writes /sample_summary (internal). */
export function writeSummary(file: H5File, counts: { signal: number[]; background: number }): void {
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

