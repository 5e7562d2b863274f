// Shared test helpers: the reference events files as in-memory sources.
import { readFileSync } from "node:fs";
import { InMemoryEventSource } from "@mm/sampling";
import { debianPython, shared } from "../../../tools/test-support/shared.js";
import { dumpEventsFile } from "../../../tools/test-support/h5-events.js";

const cache = new Map<string, InMemoryEventSource>();

/** An events file read through h5py into memory (cached per path). */
export function referenceSource(...parts: string[]): InMemoryEventSource {
  const path = shared(...(parts.length ? parts : ["reference", "events.h5"]));
  let s = cache.get(path);
  if (!s) {
    const py = debianPython();
    if (!py) throw new Error("Debian python3 with h5py is needed to read the reference file in tests");
    const d = dumpEventsFile(py, path);
    s = new InMemoryEventSource(
      { parameters: d.parameters, benchmarks: d.benchmarks, morphing: d.morphing, observableNames: d.observableNames, nEvents: d.nEvents, signalEvents: d.signalEvents, backgroundEvents: d.backgroundEvents },
      { observations: d.observations, weights: d.weights, samplingBenchmarks: d.samplingBenchmarks },
      path,
    );
    cache.set(path, s);
  }
  return s;
}

const jsonCache = new Map<string, any>();
export function json(...parts: string[]): any {
  const p = shared(...parts);
  if (!jsonCache.has(p)) jsonCache.set(p, JSON.parse(readFileSync(p, "utf8")));
  return jsonCache.get(p);
}

export const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : [x as number]);

/**
 * max |a - b| / max(|b|, floor): relative 1e-9 with an absolute floor of 1e-12 × the
 * scale of the matrix for entries that cancel (reference/README.md "Suggested tolerances").
 */
export function relErr(a: unknown, b: unknown): number {
  const A = flat(a);
  const B = flat(b);
  if (A.length !== B.length) return Infinity;
  const scale = Math.max(...B.map(Math.abs));
  let m = 0;
  for (let i = 0; i < B.length; i++) {
    const d = Math.abs(A[i] - B[i]) / Math.max(Math.abs(B[i]), 1e-12 * scale, 1e-300);
    if (!(d <= m)) m = d;
  }
  return m;
}
