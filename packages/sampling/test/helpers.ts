// Shared test helpers: the reference events file as an in-memory source.
import { readFileSync } from "node:fs";
import { InMemoryEventSource } from "../src/index.js";
import { debianPython, shared } from "../../../tools/test-support/shared.js";
import { dumpEventsFile } from "../../../tools/test-support/h5-events.js";

const cache = new Map<string, InMemoryEventSource>();

/** The events file read through h5py into memory (cached per path). */
export function referenceSource(...parts: string[]): InMemoryEventSource {
  const path = shared(...(parts.length ? parts : ["reference", "events.h5"]));
  let s = cache.get(path);
  if (!s) {
    const py = debianPython();
    if (!py) throw new Error("Debian python3 with h5py is needed to read the reference file in tests");
    const d = dumpEventsFile(py, path);
    s = new InMemoryEventSource(
      {
        parameters: d.parameters,
        benchmarks: d.benchmarks,
        morphing: d.morphing,
        observableNames: d.observableNames,
        nEvents: d.nEvents,
        signalEvents: d.signalEvents,
        backgroundEvents: d.backgroundEvents,
      },
      { observations: d.observations, weights: d.weights, samplingBenchmarks: d.samplingBenchmarks },
      path,
    );
    cache.set(path, s);
  }
  return s;
}

let expectedCache: any = null;
export function expected(): any {
  if (!expectedCache) expectedCache = JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8"));
  return expectedCache;
}

/** max relative difference with an absolute floor. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (!(d <= m)) m = d;
  }
  return m;
}

export const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
