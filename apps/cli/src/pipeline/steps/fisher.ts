// Step 'fisher': information matrices at each theta of the pipeline file —
// truth (parton level), rate only, histogram of one observable (bins of equal
// cross section, overflow included) and SALLY (learned score on the test
// partition) — with bootstrap covariances, into DIR/fisher.json.
import { join } from "node:path";
import { readSetup } from "@mm/hdf5";
import { Estimator } from "@mm/ml";
import { DataAnalyzer, openEventsFile } from "@mm/sampling";
import { RandomState, writeFileAtomicSync } from "@mm/util";
import type { StepDefinition } from "../context.js";
import {
  equalXsecEdges,
  histogramInformation,
  poissonMultiplicities,
  rateInformation,
  replicaCovariance,
  scoreInformation,
  truthInformation,
  truthInformationPerBin,
  type WeightedSample,
} from "../fisher-interim.js";
import { thetaVector } from "../thetas.js";

/** Bootstrap replicas for the covariances. */
export const BOOTSTRAP_REPLICAS = 40;

export const nested = (m: Float64Array, P: number): number[][] => Array.from({ length: P }, (_, i) => Array.from(m.subarray(i * P, (i + 1) * P)));

export interface FisherFileEntry {
  theta: number[];
  thetaName: string | null;
  xsec: number;
  xsecUncertainty: number;
  xsecGradient: number[];
  truth: { information: number[][]; covariance: number[] };
  rate: { information: number[][]; covariance: number[] };
  histogram: { information: number[][]; covariance: number[]; observable: string; edges: number[]; xsecs: number[] };
  sally: { information: number[][]; covariance: number[]; nEvaluationEvents: number };
  distribution: { observable: string; edges: number[]; xsecs: number[]; truthPerBin: number[][][] };
  nonPositiveWeightEvents: number;
}

function quantileWeighted(values: Float64Array, w: Float64Array, qs: number[]): number[] {
  const order = Array.from(values.keys()).filter((i) => Number.isFinite(values[i]) && w[i] > 0).sort((a, b) => values[a] - values[b]);
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
    const eventsPath = join(ctx.out, "events.h5");
    const setup = await readSetup(eventsPath);
    const da = new DataAnalyzer(await openEventsFile(eventsPath));
    const P = da.nParameters;
    const O = da.nObservables;
    const obsIndex = da.observableNames.indexOf(c.histogram.observable);
    const estimator = Estimator.load(join(ctx.out, "model", "sally"));
    const { start, end } = da.partitionBounds("test", ctx.config.sampling.testSplit);
    const bar = ctx.progress(c.thetas.length * (BOOTSTRAP_REPLICAS + 3), "steps");
    let done = 0;
    const entries: FisherFileEntry[] = [];
    for (const [k, t] of c.thetas.entries()) {
      const theta = thetaVector(t, setup, `fisher.thetas[${k}]`);
      const at = await da.weightedEvents({ theta, derivative: false });
      const grad = await da.weightedEvents({ theta, derivative: true });
      const all: WeightedSample = { n: at.n, P, w: at.weights, dw: grad.weights };
      const values = new Float64Array(at.n);
      for (let i = 0; i < at.n; i++) values[i] = at.x[i * O + obsIndex];
      bar.update(++done);
      // Evaluation (test partition) rows, by file row index.
      const stop = end ?? da.nSamples;
      const testRows: number[] = [];
      for (let i = 0; i < at.n; i++) if (at.indices[i] >= start && at.indices[i] < stop) testRows.push(i);
      const xTest = new Float64Array(testRows.length * O);
      const test: WeightedSample = { n: testRows.length, P, w: new Float64Array(testRows.length), dw: new Float64Array(testRows.length * P) };
      testRows.forEach((i, r) => {
        xTest.set(at.x.subarray(i * O, (i + 1) * O), r * O);
        test.w[r] = at.weights[i];
        test.dw.set(grad.weights.subarray(i * P, (i + 1) * P), r * P);
      });
      const scores = await estimator.evaluateScore(xTest, test.n, O);
      bar.update(++done);
      const L = c.luminosity;
      const edges = equalXsecEdges(values, all.w, c.histogram.bins);
      const compute = (m: Float64Array | null) => {
        const mTest = m ? Float64Array.from(testRows, (i) => m[i]) : null;
        const rate = rateInformation(all, L, m);
        let sigma = 0;
        for (let i = 0; i < all.n; i++) sigma += (m ? m[i] : 1) * all.w[i];
        return {
          truth: truthInformation(all, L, m).information,
          rate,
          histogram: histogramInformation(all, values, edges, L, m).information,
          sally: scoreInformation(test, scores, L * sigma, rate, mTest),
        };
      };
      const central = compute(null);
      const rng = new RandomState(ctx.config.seed + 1000 + k);
      const replicas: ReturnType<typeof compute>[] = [];
      for (let r = 0; r < BOOTSTRAP_REPLICAS; r++) {
        replicas.push(compute(poissonMultiplicities(all.n, rng)));
        bar.update(++done);
      }
      const cov = (key: keyof ReturnType<typeof compute>) => Array.from(replicaCovariance(replicas.map((x) => x[key]), P));
      let sigma = 0;
      let sigma2 = 0;
      const sgrad = new Array<number>(P).fill(0);
      for (let i = 0; i < all.n; i++) {
        sigma += all.w[i];
        sigma2 += all.w[i] ** 2;
        for (let a = 0; a < P; a++) sgrad[a] += all.dw[i * P + a];
      }
      const hist = histogramInformation(all, values, edges, L);
      const [q1, q99] = quantileWeighted(values, all.w, [0.01, 0.99]);
      const distEdges = [-Infinity, ...Array.from({ length: 11 }, (_, j) => q1 + ((q99 - q1) * j) / 10), Infinity].filter((v, j, arr) => j === 0 || v > arr[j - 1]);
      const dist = histogramInformation(all, values, distEdges, L);
      entries.push({
        theta,
        thetaName: typeof t === "string" ? t : null,
        xsec: sigma,
        xsecUncertainty: Math.sqrt(sigma2),
        xsecGradient: sgrad,
        truth: { information: nested(central.truth, P), covariance: cov("truth") },
        rate: { information: nested(central.rate, P), covariance: cov("rate") },
        histogram: { information: nested(central.histogram, P), covariance: cov("histogram"), observable: c.histogram.observable, edges, xsecs: Array.from(hist.xsec) },
        sally: { information: nested(central.sally, P), covariance: cov("sally"), nEvaluationEvents: test.n },
        distribution: { observable: c.histogram.observable, edges: distEdges, xsecs: Array.from(dist.xsec), truthPerBin: truthInformationPerBin(all, values, distEdges, L).map((m) => nested(m, P)) },
        nonPositiveWeightEvents: truthInformation(all, L).skipped,
      });
      bar.update(++done);
    }
    // JSON has no Infinity: edges are written with null for ±∞.
    const json = JSON.stringify({ luminosity: c.luminosity, parameters: setup.parameters.map((p) => p.name), replicas: BOOTSTRAP_REPLICAS, entries }, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1);
    writeFileAtomicSync(join(ctx.out, "fisher.json"), json + "\n");
    bar.done(`${c.thetas.length} point(s), L = ${c.luminosity} pb⁻¹ → fisher.json`);
  },
};
