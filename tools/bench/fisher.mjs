// Fisher information and cross sections over a 1,000,000-event file with the
// shared-case structure (2 parameters, 6 benchmarks, 4 observables; 600k events
// sampled at sm, 160k at w, 140k at neg_ww, 100k background), as in
// ../shared/reference/python-baselines.json. The file is built once in a temp
// dir by tiling reference/events.h5 rows 20× per sample (observations perturbed
// by a seeded relative 1e-3 jitter, weights divided by 20 so each sample still
// sums to its cross section), shuffled with a seeded permutation, and written
// with @mm/hdf5. Timings include reading the HDF5 file in 100k-row batches.
// Run after building: pnpm turbo run build --filter=@mm/fisher... && node tools/bench/fisher.mjs
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RandomState } from "@mm/util";
import { readSetup, readEventBatches, readEventsSummary, openEventsWriter } from "@mm/hdf5";
import { DataAnalyzer, InMemoryEventSource, openEventsFile, sourceFromSetup } from "@mm/sampling";
import { FisherInformation } from "@mm/fisher";
import { timeCall } from "./_timing.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const ref = join(sharedDir, "reference", "events.h5");
const baselines = JSON.parse(readFileSync(join(sharedDir, "reference", "python-baselines.json"), "utf8")).workloads;
const dir = process.env.MM_BENCH_DIR ?? join(tmpdir(), "mm-bench");
mkdirSync(dir, { recursive: true });
const big = join(dir, "events_1m_shared_structure.h5");

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sampleRss, 20);

async function build1m() {
  const setup = await readSetup(ref);
  const summary = await readEventsSummary(ref);
  const O = summary.observables.names.length;
  const B = setup.benchmarks.length;
  const rows = [];
  for await (const b of readEventBatches(ref, { batchSize: 100000 })) {
    for (let r = 0; r < b.n; r++) rows.push({ x: b.observations.slice(r * O, r * O + O), w: b.weights.slice(r * B, r * B + B), s: b.samplingBenchmarks[r] });
  }
  const TILE = 20; // 30k/8k/7k/5k -> 600k/160k/140k/100k
  const rs = new RandomState(777001);
  const N = rows.length * TILE;
  const order = rs.permutation(N);
  const writer = openEventsWriter(big, setup, { observableNames: summary.observables.names, observableDefinitions: summary.observables.definitions });
  const CH = 100000;
  for (let start = 0; start < N; start += CH) {
    const n = Math.min(CH, N - start);
    const obs = new Float64Array(n * O);
    const w = new Float64Array(n * B);
    const sb = new Int32Array(n);
    const jitter = rs.normal(0, 1e-3, n * O);
    for (let k = 0; k < n; k++) {
      const src = rows[order[start + k] % rows.length];
      for (let o = 0; o < O; o++) obs[k * O + o] = src.x[o] * (1 + jitter[k * O + o]);
      for (let b = 0; b < B; b++) w[k * B + b] = src.w[b] / TILE;
      sb[k] = src.s;
    }
    writer.append({ n, observations: obs, weights: w, samplingBenchmarks: sb });
  }
  await writer.close();
}

if (!existsSync(big)) {
  const t0 = performance.now();
  await build1m();
  console.log(`built ${big} (${(statSync(big).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const time = (label, baselineKey, fn, reps = 3) => timeCall(label, baselines[baselineKey]?.median_seconds, fn, { reps, width: 44 });

const theta = [0, 0];
const L = 300000;
const fi = new FisherInformation(await openEventsFile(big));
console.log(`file: ${fi.nSamples} events, ${fi.nBenchmarks} benchmarks, ${fi.nObservables} observables; sampling factors ${Array.from(fi.samplingFactors(), (x) => x.toFixed(4)).join(", ")}`);
const truth = await time("truth information + covariance (1M)", "fisher_truth_1m", () => fi.truthInformation(theta, { luminosity: L }));
const rate = await time("rate information + covariance (1M)", "fisher_rate_1m", () => fi.rateInformation(theta, { luminosity: L }));
const hist = await time("hist1d pt_j1 8 bins [30,350] + covariance (1M)", "fisher_histo1d_1m", () => fi.histoInformation(theta, { luminosity: L, observable: "pt_j1", bins: 8, histrange: [30, 350] }));
const da = new DataAnalyzer(await openEventsFile(big));
const thetas = [[0, 0], [1, 0], [0, 1], [-3.5, 2.25], [10, -10], [15.2, 0.1], [-20, 20], [0.123456789, -7.654321], [5, 5], [-12, -4]];
await time("cross sections at 10 thetas (1M)", "xsecs_10thetas_1m", () => da.xsecs(thetas));

// The same calls on the events held in memory: the analysis cost without the HDF5 reads.
{
  const setup = sourceFromSetup(await readSetup(big), await readEventsSummary(big));
  const N = setup.nEvents;
  const O = setup.observableNames.length;
  const B = setup.benchmarks.length;
  const obs = new Float64Array(N * O);
  const w = new Float64Array(N * B);
  const sb = new Int32Array(N);
  let t0 = performance.now();
  for await (const b of readEventBatches(big, { batchSize: 100000 })) {
    obs.set(b.observations, b.start * O);
    w.set(b.weights, b.start * B);
    sb.set(b.samplingBenchmarks, b.start);
  }
  console.log(`${"one full read of the 1M file (@mm/hdf5)".padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(3).padStart(8)} s  (Python load_1m: ${baselines.load_1m.median_seconds.toFixed(3)} s)`);
  const mem = new InMemoryEventSource(setup, { observations: obs, weights: w, samplingBenchmarks: sb });
  const fm = new FisherInformation(mem);
  const dm = new DataAnalyzer(mem);
  console.log("in memory (analysis only):");
  await time("  truth information + covariance", "fisher_truth_1m", () => fm.truthInformation(theta, { luminosity: L }));
  await time("  rate information + covariance", "fisher_rate_1m", () => fm.rateInformation(theta, { luminosity: L }));
  await time("  hist1d + covariance", "fisher_histo1d_1m", () => fm.histoInformation(theta, { luminosity: L, observable: "pt_j1", bins: 8, histrange: [30, 350] }));
  await time("  cross sections at 10 thetas", "xsecs_10thetas_1m", () => dm.xsecs(thetas));
}
clearInterval(timer);
sampleRss();
console.log(`truth I = ${JSON.stringify(truth.information.map((r) => r.map((x) => +x.toPrecision(6))))} (Python on its own 1M file: ${JSON.stringify(baselines.fisher_truth_1m.result_information.map((r) => r.map((x) => +x.toPrecision(6))))})`);
console.log(`rate  I = ${JSON.stringify(rate.information.map((r) => r.map((x) => +x.toPrecision(6))))}; hist I_00 = ${hist.information[0][0].toPrecision(6)}`);
console.log(`peak RSS ${(peakRss / 1e6).toFixed(0)} MB including the in-memory copy (file on disk ${(statSync(big).size / 1e6).toFixed(0)} MB; the file-based calls stream 100k-row batches); load average ${(await import("node:os")).loadavg()[0].toFixed(1)} on ${(await import("node:os")).cpus().length} cores`);
