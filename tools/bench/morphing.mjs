// Morphing throughput on the shared-case setup (2 parameters, 6 components,
// 6 benchmarks): weights and gradients for 100,000 thetas, batch and
// per-theta APIs, plus the seeded basis optimisation; ratios to the Python
// MadMiner baselines in ../shared/reference/python-baselines.json.
// Run after building: pnpm turbo run build --filter=@mm/morphing... && node tools/bench/morphing.mjs
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RandomState } from "@mm/util";
import { Morpher, findComponents, morphingMatrix, morphingWeightsBatch, morphingWeightGradientsBatch, optimizeBasis } from "@mm/morphing";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const baselinesPath = join(sharedDir, "reference", "python-baselines.json");
const baselines = existsSync(baselinesPath) ? JSON.parse(readFileSync(baselinesPath, "utf8")).workloads : {};

const N = 100_000;
console.log(`morphing bench: ${N} thetas, 2 parameters, 6 components, 6 benchmarks (load average ${(await import("node:os")).loadavg()[0].toFixed(1)})`);
const REPS = 15;
const comps = findComponents([2, 2], 2);
const fixed = [[0, 0], [15.2, 0.1], [-15.4, 0.2], [0.3, 15.1], [0.4, -15.3]];
const basis = [...fixed, [-16.955231388927025, 13.761866473225638]]; // the shared case (morphing_basis_vector_5)
const matrix = morphingMatrix(comps, basis);
// Same thetas as the Python baseline: RandomState(0).rand(100000, 2) * 40 - 20.
const thetas = new RandomState(0).rand(N * 2).map((u) => u * 40 - 20);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
// Median wall time and median CPU time (user + system) of a run; on a busy
// machine the CPU time is the steadier figure.
function time(fn, reps = REPS) {
  fn(); // warm-up
  const wall = [];
  const cpu = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
function report(label, { wall, cpu }, n, baselineKey) {
  const py = baselines[baselineKey]?.median_seconds;
  const ratio = py ? `  Python ${py.toFixed(3)} s → ${(py / wall).toFixed(0)}× (wall), ${(py / Math.max(cpu, 1e-6)).toFixed(0)}× (cpu)` : "";
  const rate = n ? `  ${(n / wall / 1e6).toFixed(1)} M thetas/s` : "";
  console.log(`${label.padEnd(48)} wall ${(wall * 1e3).toFixed(2).padStart(8)} ms  cpu ${(cpu * 1e3).toFixed(2).padStart(8)} ms${rate}${ratio}`);
}

const wOut = new Float64Array(N * 6);
const gOut = new Float64Array(N * 2 * 6);
report("weights, 100k thetas (batch)", time(() => morphingWeightsBatch(matrix, comps, thetas, N, wOut)), N, "morphing_weights_100k");
report("gradients, 100k thetas (batch)", time(() => morphingWeightGradientsBatch(matrix, comps, thetas, N, gOut)), N, "morphing_gradients_100k");

const morpher = new Morpher({ parameterMaxPower: [2, 2], parameterRange: [[-20, 20], [-20, 20]] });
morpher.findComponents(2);
morpher.setBasis(basis);
report("weights, 100k thetas (Morpher, one call each)", time(() => {
  for (let i = 0; i < N; i++) morpher.calculateMorphingWeights(thetas.subarray(2 * i, 2 * i + 2));
}, 5), N, "morphing_weights_100k");
report("gradients, 100k thetas (Morpher, one call each)", time(() => {
  for (let i = 0; i < N; i++) morpher.calculateMorphingWeightGradient(thetas.subarray(2 * i, 2 * i + 2));
}, 5), N, "morphing_gradients_100k");
report("optimizeBasis (seed 2024, 100 trials × 100)", time(() => optimizeBasis(comps, { ranges: [[-20, 20], [-20, 20]], fixedBenchmarks: fixed, seed: 2024, nTrials: 100, nTestThetas: 100, onWarning: () => {} }), 5), 0, "set_morphing_shared");
