// mm demo and mm run end to end (spawning the built CLI: build with
// `pnpm turbo run build --filter=@mm/cli...` first): outputs, self-check,
// skipping up-to-date steps, --only/--from, resuming after Ctrl-C, errors
// naming the step and input; and the real-file example pipeline (shared/).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, noShared, shared } from "../../../tools/test-support/shared.js";
import { makeFakeMadGraph } from "../../../packages/mg-runner/test/fake-mg.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const root = mkdtempSync(join(tmpdir(), "mm-cli-pipeline-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function mm(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const isSymmetric2x2 = (m: number[][]) => m.length === 2 && m.every((r) => r.length === 2 && r.every(Number.isFinite)) && Math.abs(m[0][1] - m[1][0]) <= 1e-9 * Math.abs(m[0][0]);

describe("mm demo", () => {
  const out = join(root, "demo");
  let demo: ReturnType<typeof mm>;
  beforeAll(() => {
    demo = mm(["demo", "--out", out, "--events", "3000", "--seed", "5"]);
  });

  it("runs the whole chain and passes its analytic self-check", () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/Self-check: morphed vs analytic cross sections and cos θ shapes PASSED/);
    expect(demo.stderr).toContain(join(out, "report.html"));
    const check = JSON.parse(readFileSync(join(out, "selfcheck.json"), "utf8"));
    expect(check.passed).toBe(true);
    for (const p of check.points) {
      // 4 standard errors for the Monte Carlo cross section; 1e-5 for per-event ratios (8-digit LHE weights).
      expect(Math.abs(p.morphed - p.analytic)).toBeLessThan(4 * p.uncertainty);
      expect(p.maxEventDeviation).toBeLessThan(1e-5);
      // The cos θ shape against the exact bin integrals: χ² below the p = 0.001 quantile for 10 bins.
      expect(p.shapeBins).toBe(10);
      expect(p.shapeChi2).toBeLessThan(29.59);
    }
  });

  it("writes results.json with the four information matrices at the first theta, seed and versions", () => {
    const r = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    for (const k of ["truth", "rate", "histogram", "sally"]) {
      expect(isSymmetric2x2(r.fisher[k].information), k).toBe(true);
      expect(r.fisher[k].covariance).toHaveLength(16);
    }
    expect(r.seed).toBe(5);
    expect(r.versions["@mm/cli"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.theta).toEqual([0, 0]);
    // Rate-only information has rank 1 (one number, two parameters).
    const rate = r.fisher.rate.information;
    expect(Math.abs(rate[0][0] * rate[1][1] - rate[0][1] ** 2)).toBeLessThan(1e-6 * rate[0][0] * rate[1][1]);
    // The SM cross section in the acceptance: ≈ 1.73 pb analytically; within 5% for 6000 events.
    expect(r.crossSections.benchmarks.sm.xsec).toBeGreaterThan(1.64);
    expect(r.crossSections.benchmarks.sm.xsec).toBeLessThan(1.82);
    // The best epoch is an epoch number: the history's epoch with the lowest validation loss (early stopping).
    const h = JSON.parse(readFileSync(join(out, "model", "history.json"), "utf8"));
    const best = h.history.reduce((a: { valLoss: number }, b: { valLoss: number }) => (b.valLoss < a.valLoss ? b : a));
    expect(h.bestEpochNumber).toBe(best.epoch);
    expect(r.training.bestEpoch).toBe(best.epoch);
  });

  it("writes the report with every figure as SVG and PNG", () => {
    const html = readFileSync(join(out, "report.html"), "utf8");
    for (const f of ["fisher_contours", "fisher_barplot", "information_distribution", "distributions", "morphing_basis"]) {
      expect(html).toContain(`figures/${f}.svg`);
      expect(existsSync(join(out, "figures", `${f}.svg`))).toBe(true);
      expect(readFileSync(join(out, "figures", `${f}.png`)).subarray(1, 4).toString()).toBe("PNG");
    }
    expect(existsSync(join(out, "model", "sally.onnx"))).toBe(true);
  });

  it("skips every step on a second run and prints the same numbers", () => {
    const before = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const again = mm(["run", join(out, "pipeline.yaml"), "--out", out, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.match(/up to date, skipped/g)?.length).toBe(7);
    expect(JSON.parse(again.stdout).fisher).toEqual(before.fisher);
  });

  it("--only runs one step; --from reruns a step and all after it", () => {
    const only = mm(["run", join(out, "pipeline.yaml"), "--out", out, "--only", "report", "--quiet"]);
    expect(only.code, only.stderr).toBe(0);
    const state = JSON.parse(readFileSync(join(out, ".mm-pipeline.json"), "utf8"));
    const from = mm(["run", join(out, "pipeline.yaml"), "--out", out, "--from", "plots"]);
    expect(from.code, from.stderr).toBe(0);
    expect(from.stderr).toMatch(/setup up to date/);
    expect(from.stderr).toMatch(/▶ plots/);
    expect(from.stderr).toMatch(/▶ report/);
    const after = JSON.parse(readFileSync(join(out, ".mm-pipeline.json"), "utf8"));
    expect(after.steps.fisher.finishedAt).toBe(state.steps.fisher.finishedAt);
    expect(after.steps.plots.finishedAt).not.toBe(state.steps.plots.finishedAt);
  });

  it("reruns a step and what follows when its settings change", () => {
    const yaml = readFileSync(join(out, "pipeline.yaml"), "utf8").replace("luminosity: 500", "luminosity: 1000");
    writeFileSync(join(out, "pipeline.yaml"), yaml);
    const r = mm(["run", join(out, "pipeline.yaml"), "--out", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/training up to date/);
    expect(r.stderr).toMatch(/▶ fisher/);
    expect(JSON.parse(r.stdout).luminosity).toBe(1000);
  });

  it("resumes after Ctrl-C without corrupt files", async () => {
    // SIGINT as soon as the training step starts (mid-run, whatever the machine's speed);
    // the exit listener is attached at spawn, so a fast child cannot be missed.
    const child = spawn(process.execPath, [MAIN, "run", join(out, "pipeline.yaml"), "--out", out, "--from", "events"], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<[number | null, string | null]>((r) => child.on("exit", (c, s) => r([c, s])));
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (/▶ training/.test(err) && child.exitCode === null && !child.killed) child.kill("SIGINT");
    });
    const [code, signal] = await exited;
    expect({ code, signal }, err).toEqual({ code: null, signal: "SIGINT" });
    const r = mm(["run", join(out, "pipeline.yaml"), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(isSymmetric2x2(results.fisher.sally.information)).toBe(true);
    const leftovers = readdirSync(out, { recursive: true }).map(String).filter((f) => /\.tmp-\d+-/.test(f));
    expect(leftovers).toEqual([]);
  });
});

describe("mm run errors", () => {
  it("names the file, line and key of a bad pipeline setting", () => {
    const dir = mkdtempSync(join(root, "bad-"));
    writeFileSync(join(dir, "p.yaml"), "setup:\n  config: s.yaml\nevents:\n  samples: [{file: a.lhe, sampled_from: sm}]\n  observables: {x: 'mu[0].pt'}\nsampling: {}\ntraining: {n_epoch: 3}\nfisher: {luminosity: 10}\n");
    const r = mm(["run", join(dir, "p.yaml"), "--out", join(dir, "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/p\.yaml:7: training\.n_epoch: unknown key 'n_epoch'/);
  });

  it("names the step and the missing input", () => {
    const dir = mkdtempSync(join(root, "missing-"));
    writeFileSync(join(dir, "s.yaml"), "parameters:\n  - { name: a, lha_block: dim6, lha_id: 1, morphing_max_power: 2, parameter_range: [-1, 1] }\nbenchmarks:\n  - { name: sm, values: [0] }\n  - { name: p, values: [1] }\n  - { name: m, values: [-1] }\nmorphing: { max_overall_power: 2 }\n");
    writeFileSync(join(dir, "p.yaml"), "setup:\n  config: s.yaml\nevents:\n  samples: [{file: nowhere.lhe.gz, sampled_from: sm}]\n  observables: {x: 'mu[0].pt'}\nsampling: {}\ntraining: {}\nfisher: {luminosity: 10}\n");
    const r = mm(["run", join(dir, "p.yaml"), "--out", join(dir, "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/step 'events': input file not found: .*nowhere\.lhe\.gz/);
  });
});

describe.skipIf(noShared())("examples/wbf_h_aa/pipeline.yaml on the real MadGraph files", () => {
  it("runs end to end; SALLY information is bounded by the truth and exceeds histogram and rate", () => {
    const out = join(root, "wbf");
    const r = mm(["run", resolve(REPO_ROOT, "examples/wbf_h_aa/pipeline.yaml"), "--out", out, "--json", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    const o = res.ordering;
    // Comparisons of det(I)^(1/2) within 2 statistical standard deviations (see the report step).
    expect(o.sallyBoundedByTruth).toBe(true);
    expect(o.sallyExceedsHistogram).toBe(true);
    expect(o.sallyExceedsRate).toBe(true);
    expect(o.detScale.sally.value).toBeGreaterThan(o.detScale.histogram.value);
    for (const k of ["truth", "rate", "histogram", "sally"]) expect(isSymmetric2x2(res.fisher[k].information), k).toBe(true);
    // Cross sections of the sampled benchmarks: the two runs' generated σ (banner) are 6.62e-4 pb (sm)
    // and 4.50e-2 pb (mbv5); after the m_aa window and with both samples combined, σ(sm) stays within 10%.
    expect(res.crossSections.benchmarks.sm.xsec).toBeGreaterThan(0.9 * 6.6233e-4 * 0.8);
    expect(res.crossSections.benchmarks.sm.xsec).toBeLessThan(1.1 * 6.6233e-4);
  });
});

describe.skipIf(noShared())("a pipeline with a 'madgraph' section (fake MadGraph writing the real runs)", () => {
  const WBF = (run: string) => shared("corpus", "madgraph", "wbf_h_aa_ewdim6", run, "unweighted_events.lhe.gz");
  const CARD = (name: string) => shared("corpus", "cards", name);
  const pipeline = (dir: string, mgDirectory: string) => {
    writeFileSync(
      join(dir, "p.yaml"),
      [
        `setup: { config: ${JSON.stringify(resolve(REPO_ROOT, "examples/wbf_h_aa/setup.yaml"))} }`,
        "madgraph:",
        `  mg_directory: ${JSON.stringify(mgDirectory)}`,
        `  proc_card: ${JSON.stringify(CARD("madminer-tutorial-proc_card_signal.dat"))}`,
        `  param_card_template: ${JSON.stringify(CARD("madminer-tutorial-param_card_template.dat"))}`,
        `  run_card: ${JSON.stringify(CARD("madminer-tutorial-run_card_signal_small.dat"))}`,
        "  sample_benchmarks: [sm, morphing_basis_vector_5]",
        "  timeout: 120",
        "events:",
        "  observables: { pt_j1: 'j[0].pt', m_jj: '(j[0] + j[1]).m', m_aa: '(a[0] + a[1]).m' }",
        "sampling: { n_train: 5000, n_test: 1000 }",
        "training: { n_hidden: [10], n_epochs: 2 }",
        "fisher: { luminosity: 300000, histogram: { observable: pt_j1, bins: 5 } }",
        "",
      ].join("\n"),
    );
  };

  it("generates with MadGraph, reads its LHE files, and skips MadGraph on the next run", () => {
    const dir = mkdtempSync(join(root, "mg-"));
    const mg = makeFakeMadGraph(WBF("run_01_sampled_sm"));
    mg.env("ok", { FAKE_LHE_madminer_run_1: WBF("run_02_sampled_morphing_basis_vector_5") });
    pipeline(dir, mg.mgDirectory);
    const out = join(dir, "out");
    const r = mm(["run", join(dir, "p.yaml"), "--out", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/▶ madgraph/);
    const runs = JSON.parse(readFileSync(join(out, "madgraph", "runs.json"), "utf8")).runs;
    expect(runs.map((x: { sampleBenchmark: string }) => x.sampleBenchmark)).toEqual(["sm", "morphing_basis_vector_5"]);
    // The two real runs (10,000 events each), all kept: no cuts.
    const report = JSON.parse(readFileSync(join(out, "events_report.json"), "utf8"));
    expect(report.nEvents).toBe(20000);
    // One generate call and one launch per run, with the reweight card MadMiner writes.
    const calls = readFileSync(join(mg.calls, "calls.txt"), "utf8").trim().split("\n");
    expect(calls).toHaveLength(3);
    expect(readFileSync(join(out, "madgraph", "process", "madminer", "cards", "reweight_card_0.dat"), "utf8")).toMatch(/launch --rwgt_name=morphing_basis_vector_5/);
    expect(isSymmetric2x2(JSON.parse(r.stdout).fisher.truth.information)).toBe(true);
    // Every det(I)^(1/p) and its uncertainty is a finite number (rank-1 rate information: 0).
    const dets = JSON.parse(r.stdout).ordering.detScale;
    for (const k of ["truth", "sally", "histogram", "rate"]) expect([dets[k].value, dets[k].sigma].every(Number.isFinite), k).toBe(true);
    expect(dets.rate.value).toBe(0);
    const again = mm(["run", join(dir, "p.yaml"), "--out", out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/madgraph up to date, skipped/);
    expect(readFileSync(join(mg.calls, "calls.txt"), "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("a MadGraph run that drops a benchmark's weights fails in step 'madgraph', naming the benchmark", () => {
    const dir = mkdtempSync(join(root, "mg-bad-"));
    const mg = makeFakeMadGraph(WBF("run_01_sampled_sm"));
    mg.env("norwgt", { FAKE_MG_DROP: "neg_ww" });
    pipeline(dir, mg.mgDirectory);
    const r = mm(["run", join(dir, "p.yaml"), "--out", join(dir, "out")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/step 'madgraph'.*reweighting failed[\s\S]*neg_ww/);
  });
});
