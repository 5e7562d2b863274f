// Step 'fisher': information matrices at each theta of the pipeline file,
// through @mm/fisher's FisherInformation (Python MadMiner's conventions):
// truth (parton level), rate only, a histogram of one observable (bins of equal
// cross section, overflow included) and SALLY (the trained score on the test
// split), each with a 4-index covariance; plus the per-bin information for the
// distribution-of-information figure. Written to DIR/fisher.json.
import { join } from "node:path";
import { FisherInformation, type ScoreFunction } from "@mm/fisher";
import { readSetup } from "@mm/hdf5";
import { Estimator } from "@mm/ml";
import { openEventsFile, pyRound } from "@mm/sampling";
import { writeFileAtomicSync } from "@mm/util";
import type { StepDefinition } from "../context.js";
import { bootstrapCovariance } from "../score-bootstrap.js";
import { thetaVector } from "../thetas.js";

/** Bootstrap replicas for the SALLY evaluation-sample uncertainty. */
export const BOOTSTRAP_REPLICAS = 40;

export interface FisherFileEntry {
  theta: number[];
  thetaName: string | null;
  xsec: number;
  xsecUncertainty: number;
  truth: { information: number[][]; covariance: number[] };
  rate: { information: number[][]; covariance: number[] };
  histogram: { information: number[][]; covariance: number[]; observable: string; edges: number[] };
  sally: { information: number[][]; covariance: number[]; nEvaluationEvents: number };
  distribution: { observable: string; edges: number[]; xsecs: number[]; truthPerBin: number[][][] };
}

const flat4 = (c: number[][][][]) => c.flat(3);

function weightedQuantiles(values: number[], w: number[], qs: number[]): number[] {
  const order = values.map((_, i) => i).filter((i) => Number.isFinite(values[i]) && w[i] > 0).sort((a, b) => values[a] - values[b]);
  const total = order.reduce((t, i) => t + w[i], 0);
  return qs.map((q) => {
    let acc = 0;
    for (const i of order) {
      acc += w[i];
      if (acc >= q * total) return values[i];
    }
    return values[order[order.length - 1]];
  });
}

export const fisherStep: StepDefinition = {
  name: "fisher",
  dependsOn: ["events", "training"],
  inputs: () => [],
  settings: (c) => ({ fisher: c.fisher, seed: c.seed, testSplit: c.sampling.testSplit, replicas: BOOTSTRAP_REPLICAS }),
  outputs: () => ["fisher.json"],
  async run(ctx) {
    const c = ctx.config.fisher;
    const L = c.luminosity;
    const eventsPath = join(ctx.out, "events.h5");
    const setup = await readSetup(eventsPath);
    const fi = new FisherInformation(await openEventsFile(eventsPath));
    const P = fi.nParameters;
    const O = fi.nObservables;
    const obsIndex = fi.observableNames.indexOf(c.histogram.observable);
    const estimator = Estimator.load(join(ctx.out, "model", "sally"));
    const score: ScoreFunction = { nParameters: estimator.settings.nParameters, evaluateScore: (x, n, f, t) => estimator.evaluateScore(x, n, f, t) };
    const testSplit = ctx.config.sampling.testSplit;
    const bar = ctx.progress(c.thetas.length * (BOOTSTRAP_REPLICAS + 6), "steps");
    let done = 0;
    const tick = (m = "") => bar.update(++done, m);
    const entries: FisherFileEntry[] = [];
    for (const [k, t] of c.thetas.entries()) {
      const theta = thetaVector(t, setup, `fisher.thetas[${k}]`);
      const truth = await fi.truthInformation(theta, { luminosity: L });
      tick("truth");
      const rate = await fi.rateInformation(theta, { luminosity: L });
      tick("rate");
      const hist = await fi.histoInformation(theta, { luminosity: L, observable: c.histogram.observable, bins: c.histogram.bins, histrange: null });
      tick("histogram");
      const sally = await fi.fullInformation(theta, score, { luminosity: L, testSplit });
      tick("sally");
      const xs = await fi.calculateXsec({ theta });
      // The evaluation events of fullInformation (same split convention) for the bootstrap.
      const ev = await fi.weightedEvents({ theta });
      const start = pyRound((1 - testSplit) * fi.nSamples) + 1;
      const rows: number[] = [];
      for (let i = 0; i < ev.n; i++) if (ev.indices[i] >= start) rows.push(i);
      const xTest = new Float64Array(rows.length * O);
      const wTest = Float64Array.from(rows, (i) => ev.weights[i]);
      rows.forEach((i, r) => xTest.set(ev.x.subarray(i * O, (i + 1) * O), r * O));
      const scores = await estimator.evaluateScore(xTest, rows.length, O);
      tick("scores");
      const kinCov = bootstrapCovariance(wTest, scores, P, L * xs.xsec[0], BOOTSTRAP_REPLICAS, ctx.config.seed + 1000 + k, () => tick("bootstrap"));
      const rateCov = flat4(rate.covariance);
      const sallyCov = rateCov.map((v, q) => v + kinCov[q]);
      // Where the information sits: uniform bins between the 1% and 99% quantiles (+ overflow).
      const values = Array.from({ length: ev.n }, (_, i) => ev.x[i * O + obsIndex]);
      const [q1, q99] = weightedQuantiles(values, Array.from(ev.weights), [0.01, 0.99]);
      const hoi = await fi.histogramOfInformation(theta, { observable: c.histogram.observable, nbins: 10, histrange: [q1, q99 > q1 ? q99 : q1 + 1], luminosity: L });
      tick("distribution");
      entries.push({
        theta,
        thetaName: typeof t === "string" ? t : null,
        xsec: xs.xsec[0],
        xsecUncertainty: xs.uncertainty[0],
        truth: { information: truth.information, covariance: flat4(truth.covariance) },
        rate: { information: rate.information, covariance: rateCov },
        histogram: { information: hist.information, covariance: flat4(hist.covariance), observable: c.histogram.observable, edges: [-Infinity, ...hist.binBoundaries, Infinity] },
        sally: { information: sally.information, covariance: sallyCov, nEvaluationEvents: rows.length },
        distribution: { observable: c.histogram.observable, edges: [-Infinity, ...hoi.binBoundaries, Infinity], xsecs: hoi.sigmaBins, truthPerBin: hoi.fisherInfosFull },
      });
    }
    // JSON has no Infinity: edges are written with null for ±∞.
    const json = JSON.stringify({ luminosity: L, parameters: setup.parameters.map((p) => p.name), replicas: BOOTSTRAP_REPLICAS, entries }, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1);
    writeFileAtomicSync(join(ctx.out, "fisher.json"), json + "\n");
    bar.done(`${c.thetas.length} point(s), L = ${L} pb⁻¹ → fisher.json`);
  },
};
