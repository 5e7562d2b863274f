// @mm/hdf5 throughput: write a synthetic MadMiner events file (writeEvents and
// the appending openEventsWriter), then read it back in batches.
// Run after building: pnpm turbo run build --filter=@mm/hdf5 && node tools/bench/hdf5.mjs
// MM_BENCH_HDF5_N sets the number of events (default 1,000,000; 13 observables, 6 benchmarks).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openEventsWriter, readEventBatches, readEventsSummary, readSetup, writeEvents } from "../../packages/hdf5/dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const baselinesPath = join(sharedDir, "reference", "python-baselines.json");
const baselines = existsSync(baselinesPath) ? JSON.parse(readFileSync(baselinesPath, "utf8")).workloads : {};

const N = Number(process.env.MM_BENCH_HDF5_N ?? 1_000_000);
const O = 13;
const B = 6;
const setup = {
  parameters: [
    { name: "CWL2", lhaBlock: "dim6", lhaId: 2, maxPower: 2, range: [-20, 20], transform: "16.52*theta" },
    { name: "CPWL2", lhaBlock: "dim6", lhaId: 5, maxPower: 2, range: [-20, 20], transform: "16.52*theta" },
  ],
  benchmarks: ["sm", "w", "neg_w", "ww", "neg_ww", "morphing_basis_vector_5"].map((name, i) => ({ name, values: [i, -i], isNuisance: false, isReference: i === 0 })),
  morphing: null,
};
const dir = mkdtempSync(join(tmpdir(), "mm-bench-hdf5-"));
const names = Array.from({ length: O }, (_, j) => `x${j}`);
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const mb = (bytes) => (bytes / 1e6).toFixed(0);
try {
  console.log(`@mm/hdf5: ${N.toLocaleString()} events × (${O} observables + ${B} weights) (node ${process.version})`);
  const obs = new Float64Array(N * O).map((_, i) => (i % 997) * 0.5);
  const w = new Float64Array(N * B).map((_, i) => 1e-5 * ((i % 13) + 1));
  const sb = new Int32Array(N).map((_, i) => (i % 10 === 0 ? -1 : i % 2 === 0 ? 0 : 5));
  const f1 = join(dir, "whole.h5");
  let t0 = process.hrtime.bigint();
  await writeEvents(f1, setup, { observableNames: names, observations: obs, weights: w, samplingBenchmarks: sb, nEvents: N });
  let s = seconds(t0);
  const size = statSync(f1).size;
  console.log(`writeEvents            ${s.toFixed(2)} s   ${(N / s / 1e6).toFixed(2)} M events/s   ${(size / s / 1e6).toFixed(0)} MB/s   (file ${mb(size)} MB)`);

  const f2 = join(dir, "appended.h5");
  t0 = process.hrtime.bigint();
  const writer = openEventsWriter(f2, setup, { observableNames: names });
  const step = 100_000;
  for (let i = 0; i < N; i += step) {
    const e = Math.min(N, i + step);
    writer.append({ n: e - i, observations: obs.subarray(i * O, e * O), weights: w.subarray(i * B, e * B), samplingBenchmarks: sb.subarray(i, e) });
  }
  await writer.close();
  s = seconds(t0);
  console.log(`openEventsWriter       ${s.toFixed(2)} s   ${(N / s / 1e6).toFixed(2)} M events/s   (batches of ${step.toLocaleString()})`);

  for (const batchSize of [100_000, 10_000]) {
    t0 = process.hrtime.bigint();
    let n = 0;
    let sum = 0;
    for await (const b of readEventBatches(f1, { batchSize })) {
      n += b.n;
      sum += b.weights[0];
    }
    s = seconds(t0);
    console.log(`readEventBatches(${String(batchSize).padStart(6)}) ${s.toFixed(2)} s   ${(n / s / 1e6).toFixed(2)} M events/s   ${(size / s / 1e6).toFixed(0)} MB/s`);
    void sum;
  }
  t0 = process.hrtime.bigint();
  await readEventsSummary(f1);
  console.log(`readEventsSummary      ${(seconds(t0) * 1e3).toFixed(1)} ms`);
  // Python's load_1m: FisherInformation(f) reads the settings and the full observations + weights
  // of a 1M-event, 4-observable, 6-benchmark file once. Same structure here, read in batches of 100,000.
  const M = 1_000_000;
  const f3 = join(dir, "shared1m.h5");
  await writeEvents(f3, setup, {
    observableNames: ["pt_j1", "eta_j1", "delta_phi_jj", "met"],
    observations: new Float64Array(M * 4).map((_, i) => i % 101),
    weights: new Float64Array(M * B).map((_, i) => 1e-6 * (i % 7)),
    samplingBenchmarks: new Int32Array(M).map((_, i) => (i < 600000 ? 0 : i < 760000 ? 1 : i < 900000 ? 4 : -1)),
    nEvents: M,
  });
  const loads = [];
  for (let r = 0; r < 3; r++) {
    t0 = process.hrtime.bigint();
    await readSetup(f3);
    await readEventsSummary(f3);
    let n = 0;
    for await (const b of readEventBatches(f3)) n += b.n;
    loads.push(seconds(t0));
  }
  loads.sort((a, b) => a - b);
  const py = baselines.load_1m?.median_seconds;
  console.log(`load 1M (setup + all events, 4 obs, 6 bm)  median ${loads[1].toFixed(3)} s` + (py ? `   Python load_1m ${py.toFixed(3)} s → ratio ${(py / loads[1]).toFixed(2)}×` : ""));
  console.log(`peak RSS               ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
