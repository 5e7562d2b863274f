// Step 'report': results.json (cross sections, the information matrices at the
// first theta under fisher.truth/rate/histogram/sally, seed, versions) and
// report.html showing the figures with the numbers.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { readSetup } from "@mm/hdf5";
import { DataAnalyzer, openEventsFile } from "@mm/sampling";
import { writeFileAtomicSync } from "@mm/util";
import type { StepDefinition } from "../context.js";
import { readFisherFile } from "./plots.js";
import { detScale, differenceEigenvalues } from "../summary.js";
import { renderReport } from "../report-html.js";

const require = createRequire(import.meta.url);
const PACKAGES = ["cli", "util", "morphing", "hdf5", "core", "expr", "delphes", "sampling", "fisher", "ml", "plot", "generator"];

export function versions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version };
  for (const p of PACKAGES) {
    try {
      out[`@mm/${p}`] = (require(p === "cli" ? "../../../package.json" : `@mm/${p}/package.json`) as { version: string }).version;
    } catch {
      /* not installed: left out */
    }
  }
  return out;
}

export const SELF_CHECK_FILE = "selfcheck.json";

export const reportStep: StepDefinition = {
  name: "report",
  dependsOn: ["events", "sampling", "training", "fisher", "plots"],
  // The demo's self-check (when present) is part of the report.
  inputs: (_c, out) => (existsSync(join(out, SELF_CHECK_FILE)) ? [join(out, SELF_CHECK_FILE)] : []),
  settings: (c) => ({ name: c.name, seed: c.seed, file: c.file }),
  outputs: () => ["results.json", "report.html"],
  async run(ctx) {
    const bar = ctx.progress(1, "files");
    const out = ctx.out;
    const setup = await readSetup(join(out, "setup.h5"));
    const da = new DataAnalyzer(await openEventsFile(join(out, "events.h5")));
    const bx = await da.xsecs();
    const benchNames = da.benchmarkNames;
    const crossSections: Record<string, { xsec: number; uncertainty: number }> = {};
    benchNames.forEach((n, b) => (crossSections[n] = { xsec: bx.xsecs[b], uncertainty: bx.uncertainties[b] }));
    const fisher = readFisherFile(join(out, "fisher.json"));
    const e = fisher.entries[0];
    const keys = ["truth", "sally", "histogram", "rate"] as const;
    const dets = Object.fromEntries(keys.map((k) => [k, detScale(e[k].information, e[k].covariance)]));
    const ordering = {
      measure: "det(I)^(1/p) with bootstrap standard deviation; eigenvalues of the differences",
      detScale: dets,
      truthMinusSally: differenceEigenvalues(e.truth.information, e.sally.information),
      sallyMinusHistogram: differenceEigenvalues(e.sally.information, e.histogram.information),
      sallyMinusRate: differenceEigenvalues(e.sally.information, e.rate.information),
      sallyBoundedByTruth: dets.sally.value <= dets.truth.value + 2 * Math.hypot(dets.truth.sigma, dets.sally.sigma),
      sallyExceedsHistogram: dets.sally.value >= dets.histogram.value - 2 * Math.hypot(dets.histogram.sigma, dets.sally.sigma),
      sallyExceedsRate: dets.sally.value >= dets.rate.value,
    };
    const history = JSON.parse(readFileSync(join(out, "model", "history.json"), "utf8"));
    const eventsReport = JSON.parse(readFileSync(join(out, "events_report.json"), "utf8"));
    const selfCheckPath = join(out, SELF_CHECK_FILE);
    const selfCheck = existsSync(selfCheckPath) ? JSON.parse(readFileSync(selfCheckPath, "utf8")) : null;
    const pick = (k: (typeof keys)[number]) => ({ information: e[k].information, covariance: e[k].covariance });
    const results = {
      format: "mm-results-1",
      name: ctx.config.name,
      pipeline: ctx.config.file,
      seed: ctx.config.seed,
      generatedAt: new Date().toISOString(),
      versions: versions(),
      parameters: setup.parameters.map((p) => p.name),
      luminosity: fisher.luminosity,
      theta: e.theta,
      thetaName: e.thetaName,
      crossSections: { benchmarks: crossSections, atTheta: { xsec: e.xsec, uncertainty: e.xsecUncertainty } },
      fisher: { truth: pick("truth"), rate: pick("rate"), histogram: { ...pick("histogram"), observable: e.histogram.observable, bins: e.histogram.edges.length - 1 }, sally: { ...pick("sally"), nEvaluationEvents: e.sally.nEvaluationEvents } },
      fisherAtAllThetas: fisher.entries.map((x) => ({ theta: x.theta, truth: x.truth.information, rate: x.rate.information, histogram: x.histogram.information, sally: x.sally.information })),
      ordering,
      training: { method: "sally", bestEpoch: history.bestEpochNumber ?? history.bestEpoch + 1, epochs: history.history.length, finalLoss: history.history.at(-1)?.loss ?? null, finalValLoss: history.history.at(-1)?.valLoss ?? null },
      events: { nEvents: eventsReport.nEvents, samples: eventsReport.samples.map((s: Record<string, unknown>) => ({ file: s.file, sampledFromBenchmark: s.sampledFromBenchmark, eventsRead: s.eventsRead, eventsPassed: s.eventsPassed })) },
      selfCheck,
    };
    writeFileAtomicSync(join(out, "results.json"), JSON.stringify(results, null, 1) + "\n");
    writeFileAtomicSync(join(out, "report.html"), renderReport(results, history.history));
    bar.update(1);
    bar.done("→ results.json, report.html");
  },
};
