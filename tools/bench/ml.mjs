// @mm/ml speed: SALLY training (100,000 x 4 inputs -> 2 scores, (100,100)
// tanh, batch 128, MadMiner's defaults: amsgrad, validation split 0.25, early
// stopping) in s/epoch, and evaluation of 1,000,000 rows; ratios to the Python
// MadMiner baselines in ../shared/reference/python-baselines.json.
// Run after building: pnpm turbo run build --filter=@mm/ml... && node tools/bench/ml.mjs [--epochs 3] [--samples 500000]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg, cpus } from "node:os";
import { RandomState } from "@mm/util";
import { Estimator } from "@mm/ml";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const baselinesPath = join(sharedDir, "reference", "python-baselines.json");
const baselines = existsSync(baselinesPath) ? JSON.parse(readFileSync(baselinesPath, "utf8")).workloads : {};
const epochsArg = process.argv.indexOf("--epochs");
const EPOCHS = epochsArg > 0 ? Number(process.argv[epochsArg + 1]) : 3;
const samplesArg = process.argv.indexOf("--samples");

console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} (figures scale with other load on the machine)`);

// Synthetic data shaped like the shared case: 4 observables, a 2-component score.
const N = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 100_000;
const rng = new RandomState(0);
const x = new Float64Array(N * 4);
const t = new Float64Array(N * 2);
for (let i = 0; i < N; i++) {
  const z = rng.standardNormal(4);
  x[i * 4] = 100 + 50 * Math.abs(z[0]);
  x[i * 4 + 1] = 2 * z[1];
  x[i * 4 + 2] = Math.PI * Math.tanh(z[2]);
  x[i * 4 + 3] = 40 * Math.abs(z[3]);
  t[i * 2] = 0.01 * (x[i * 4] - 150) + 0.3 * z[1];
  t[i * 2 + 1] = 0.2 * z[2] * z[3];
}

// CPU time (user + system of this process) is reported beside wall time: on a
// machine shared with other work it is the load-independent figure (one
// intra-op thread, so CPU time ≈ wall time on an idle machine).
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const epochTimes = [];
const t0 = performance.now();
const c0 = cpu();
const { estimator } = await Estimator.train(
  "sally",
  { x: { data: x, shape: [N, 4] }, t_xz0: { data: t, shape: [N, 2] } },
  { nHidden: [100, 100], activation: "tanh", batchSize: 128, nEpochs: EPOCHS, seed: 1, onEpoch: (e) => epochTimes.push(e.seconds) },
);
const total = (performance.now() - t0) / 1000;
const trainCpuPerEpoch = (cpu() - c0) / EPOCHS;
const sorted = [...epochTimes].sort((a, b) => a - b);
const perEpoch = sorted[Math.floor(sorted.length / 2)];

const M = 1_000_000;
const xe = new Float64Array(M * 4);
for (let i = 0; i < M; i++) for (let k = 0; k < 4; k++) xe[i * 4 + k] = x[(i % N) * 4 + k];
await estimator.evaluateScore(xe.subarray(0, 1000 * 4), 1000, 4); // session warm-up
const evalRuns = [];
const evalCpu = [];
for (let r = 0; r < 3; r++) {
  const s = performance.now();
  const c = cpu();
  await estimator.evaluateScore(xe, M, 4);
  evalRuns.push((performance.now() - s) / 1000);
  evalCpu.push(cpu() - c);
}
const evalCpuMedian = [...evalCpu].sort((a, b) => a - b)[1];
const evalMedian = [...evalRuns].sort((a, b) => a - b)[1];

// Score-augmented ratio training (alices: cross-entropy + alpha |d log r/d theta0 - t_xz0|^2, the
// score differentiated inside the loss): 100,000 x (4 observables + 2 thetas), (100,100) tanh, batch 128.
const th = new Float64Array(N * 2);
const y = new Float64Array(N);
const r = new Float64Array(N);
for (let i = 0; i < N; i++) {
  th[2 * i] = rng.uniform(-1, 1);
  th[2 * i + 1] = rng.uniform(-1, 1);
  y[i] = i % 2;
  r[i] = Math.exp(0.3 * (th[2 * i] * t[2 * i] + th[2 * i + 1] * t[2 * i + 1]));
}
const alicesTimes = [];
await Estimator.train(
  "alices",
  { x: { data: x, shape: [N, 4] }, theta0: { data: th, shape: [N, 2] }, y: { data: y, shape: [N, 1] }, r_xz: { data: r, shape: [N, 1] }, t_xz0: { data: t, shape: [N, 2] } },
  { nHidden: [100, 100], batchSize: 128, nEpochs: EPOCHS, seed: 1, onEpoch: (e) => alicesTimes.push(e.seconds) },
);
const alicesPerEpoch = [...alicesTimes].sort((a, b) => a - b)[Math.floor(alicesTimes.length / 2)];

const py100k = baselines.sally_train_100k_1thread_w0;
const py500k = baselines.sally_train_500k_5ep_1thread_w0;
const pyEval = baselines.sally_evaluate_1m;
// Python per-epoch times scaled linearly to N samples.
const pyPerEpoch100k = py100k ? (py100k.median_seconds / py100k.definition.epochs) * (N / 100_000) : null;
const pyPerEpoch500kPer100k = py500k ? (py500k.median_seconds / py500k.definition.epochs) * (N / 500_000) : null;
console.log(`SALLY training, ${N.toLocaleString("en")} x 4 -> 2, (100,100) tanh, batch 128, amsgrad, val split 0.25: ${perEpoch.toFixed(2)} s/epoch (median of ${EPOCHS}; epochs ${epochTimes.map((s) => s.toFixed(2)).join(", ")}; total incl. graph build ${total.toFixed(2)} s); CPU ${trainCpuPerEpoch.toFixed(2)} s/epoch (incl. graph build and validation)`);
if (pyPerEpoch100k) console.log(`  Python MadMiner (100k run, 1 thread, 0 workers, scaled to N): ${pyPerEpoch100k.toFixed(2)} s/epoch -> ${(pyPerEpoch100k / perEpoch).toFixed(1)}x faster`);
if (pyPerEpoch500kPer100k) console.log(`  Python MadMiner (500k run, 14.3 s/epoch, scaled to N): ${pyPerEpoch500kPer100k.toFixed(2)} s/epoch -> ${(pyPerEpoch500kPer100k / perEpoch).toFixed(1)}x faster by wall time, ${(pyPerEpoch500kPer100k / trainCpuPerEpoch).toFixed(1)}x by CPU time (target >= 2x)`);
console.log(`ALICES training (score term inside the loss), ${N.toLocaleString("en")} x (4 + 2 theta), (100,100) tanh, batch 128: ${alicesPerEpoch.toFixed(2)} s/epoch (no Python baseline in python-baselines.json; ML-ENGINE.md quotes ~2.0-2.5 s/epoch for PyTorch with create_graph=True)`);
console.log(`SALLY evaluation of 1,000,000 rows: ${evalMedian.toFixed(3)} s (median of 3: ${evalRuns.map((s) => s.toFixed(3)).join(", ")}); CPU ${evalCpuMedian.toFixed(3)} s`);
if (pyEval) console.log(`  Python MadMiner evaluate_score 1M: ${pyEval.median_seconds.toFixed(1)} s -> ${(pyEval.median_seconds / evalMedian).toFixed(1)}x faster by wall time, ${(pyEval.median_seconds / evalCpuMedian).toFixed(1)}x by CPU time (target >= 20x)`);
