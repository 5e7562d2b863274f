// The end-to-end figures of issue 7: the built-in generator, figure rendering,
// and whole pipelines (`mm demo` fresh and re-run; the real-file WBF example
// when ../shared is present). Per-step times come from DIR/.mm-pipeline.json.
// Run after building: pnpm turbo run build --filter=@mm/cli... && node tools/bench/pipeline.mjs
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateEvents, lheText } from "../../packages/generator/dist/index.js";
import { plotFisherInformationContours2d, plot2dMorphingBasis, svgToPng } from "../../packages/plot/dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const main = join(repo, "apps", "cli", "dist", "main.js");
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(repo, "..", "shared");
const time = (f) => {
  const t0 = process.hrtime.bigint();
  const r = f();
  return { r, s: Number(process.hrtime.bigint() - t0) / 1e9 };
};

// Generator: 100k events at 6 benchmarks, then the LHE text.
const bms = [[0, 0], [0.8, 0], [-0.8, 0], [0, 0.8], [0, -0.8], [0.6, 0.6]].map((values, k) => ({ name: `b${k}`, values }));
const gen = time(() => generateEvents({ nEvents: 100000, sampling: bms[0], benchmarks: bms, seed: 1 }));
const lhe = time(() => lheText(gen.r));
console.log(`generator: 100k events × 6 benchmarks ${gen.s.toFixed(3)} s (${(1e5 / gen.s / 1e6).toFixed(2)} M events/s); LHE text ${lhe.s.toFixed(2)} s (${(lhe.r.length / 1e6).toFixed(1)} MB)`);

// Figures: SVG build and PNG (2x) rendering.
const contours = time(() => plotFisherInformationContours2d([[[4, 1], [1, 2]], [[2, 0.3], [0.3, 1]]], { covariances: [null, Array(16).fill(0.001)], labels: ["a", "b"] }));
const inv = (t) => [1, t[0], t[1], t[0] ** 2, t[0] * t[1], t[1] ** 2];
const morph = time(() => plot2dMorphingBasis({ basis: bms.map((b) => b.values), weights: (t) => inv(t) }, { resolution: 60 }));
const png = time(() => svgToPng(morph.r.svg, { scale: 2 }));
console.log(`plot: contours SVG ${(contours.s * 1e3).toFixed(1)} ms; morphing-basis SVG (60×60 cells) ${(morph.s * 1e3).toFixed(1)} ms, ${(morph.r.svg.length / 1e3).toFixed(0)} kB; PNG 2x ${(png.s * 1e3).toFixed(0)} ms`);

function pipeline(label, args, out) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [main, ...args, "--quiet"], { cwd: repo, encoding: "utf8" });
  const total = (Date.now() - t0) / 1000;
  if (r.status !== 0) {
    console.log(`${label}: failed (${r.status}): ${r.stderr.slice(0, 400)}`);
    return;
  }
  const state = JSON.parse(readFileSync(join(out, ".mm-pipeline.json"), "utf8"));
  const steps = Object.entries(state.steps).map(([k, v]) => `${k} ${v.seconds.toFixed(1)}`).join(", ");
  console.log(`${label}: ${total.toFixed(1)} s wall (steps [s]: ${steps})`);
}

const dir = mkdtempSync(join(tmpdir(), "mm-bench-pipeline-"));
const demo = join(dir, "demo");
pipeline("mm demo (2 × 10k events, fresh)", ["demo", "--out", demo], demo);
const t0 = Date.now();
spawnSync(process.execPath, [main, "run", join(demo, "pipeline.yaml"), "--out", demo, "--quiet"], { cwd: repo });
console.log(`mm run on the finished demo (all steps up to date): ${((Date.now() - t0) / 1000).toFixed(2)} s`);
if (existsSync(join(sharedDir, "corpus"))) {
  const wbf = join(dir, "wbf");
  pipeline("mm run examples/wbf_h_aa/pipeline.yaml (2 × 10k real MadGraph events)", ["run", join(repo, "examples", "wbf_h_aa", "pipeline.yaml"), "--out", wbf], wbf);
} else {
  console.log("wbf example: skipped (../shared not found)");
}
rmSync(dir, { recursive: true, force: true });
