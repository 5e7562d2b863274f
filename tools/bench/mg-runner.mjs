// @mm/mg-runner: the post-run reweighting check (streaming scan of the LHE's
// <initrwgt> and every event's <wgt id>) on the two real MadGraph runs, and the
// card writers for the tutorial setup.
// Run after building: pnpm turbo run build --filter=@mm/mg-runner... && node tools/bench/mg-runner.mjs
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkReweighting, scanLheWeights, writeParamCard, writeReweightCard } from "../../packages/mg-runner/dist/index.js";
import { readSetup } from "../../packages/hdf5/dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const wbf = join(sharedDir, "corpus", "madgraph", "wbf_h_aa_ewdim6");
const setup = await readSetup(join(sharedDir, "reference", "real-lhe", "setup.h5"));
for (const [run, sample] of [["run_01_sampled_sm", "sm"], ["run_02_sampled_morphing_basis_vector_5", "morphing_basis_vector_5"]]) {
  const file = join(wbf, run, "unweighted_events.lhe.gz");
  const t0 = performance.now();
  const scan = await scanLheWeights(file);
  const s = (performance.now() - t0) / 1000;
  const check = checkReweighting(scan, setup.benchmarks.map((b) => b.name).filter((n) => n !== sample));
  const mb = statSync(file).size / 1e6;
  console.log(`reweighting check ${run}: ${scan.nEvents} events, ok=${check.ok}, ${s.toFixed(3)} s, ${(scan.nEvents / s / 1e3).toFixed(0)}k events/s, ${(mb / s).toFixed(1)} MB/s (gzip)`);
}
const template = readFileSync(join(sharedDir, "corpus", "cards", "madminer-tutorial-param_card_template.dat"), "utf8");
const n = 2000;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  writeParamCard(template, setup, "w");
  writeReweightCard(setup, "sm");
}
console.log(`cards: ${(((performance.now() - t0) / n) * 1000).toFixed(0)} µs per param card + reweight card`);
