// @mm/core: the shared-case setup with the seeded basis optimisation
// (MadMiner + setMorphing(maxOverallPower 2, 100 trials, 100 test thetas, seed 2024)),
// against Python's set_morphing_shared in ../shared/reference/python-baselines.json.
// Run after building: pnpm turbo run build --filter=@mm/core... && node tools/bench/core.mjs
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MadMiner } from "../../packages/core/dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const baselinesPath = join(sharedDir, "reference", "python-baselines.json");
const baselines = existsSync(baselinesPath) ? JSON.parse(readFileSync(baselinesPath, "utf8")).workloads : {};

function sharedCase() {
  const mm = new MadMiner();
  mm.onWarning = () => {};
  for (const [id, name] of [[2, "CWL2"], [5, "CPWL2"]]) {
    mm.addParameter({ lhaBlock: "dim6", lhaId: id, parameterName: name, morphingMaxPower: 2, parameterRange: [-20, 20], paramCardTransform: "16.52*theta" });
  }
  mm.addBenchmark({ CWL2: 0, CPWL2: 0 }, "sm");
  mm.addBenchmark({ CWL2: 15.2, CPWL2: 0.1 }, "w");
  mm.addBenchmark({ CWL2: -15.4, CPWL2: 0.2 }, "neg_w");
  mm.addBenchmark({ CWL2: 0.3, CPWL2: 15.1 }, "ww");
  mm.addBenchmark({ CWL2: 0.4, CPWL2: -15.3 }, "neg_ww");
  mm.setMorphing({ maxOverallPower: 2, nTrials: 100, nTestThetas: 100, seed: 2024 });
  return mm;
}

for (let i = 0; i < 20; i++) sharedCase(); // warm-up
const runs = [];
for (let r = 0; r < 7; r++) {
  const t0 = process.hrtime.bigint();
  const mm = sharedCase();
  runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (mm.benchmarks[5].values[0] !== -16.955231388927025) throw new Error("basis not reproduced");
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
const py = baselines.set_morphing_shared?.median_seconds;
console.log(`@mm/core: shared-case setup + setMorphing(seed 2024, 100 trials × 100 test thetas) (node ${process.version})`);
console.log(`median ${(median * 1e3).toFixed(2)} ms over ${runs.length} runs` + (py ? `; Python ${(py * 1e3).toFixed(1)} ms → ${(py / median).toFixed(0)}× faster` : ""));
