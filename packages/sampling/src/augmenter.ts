// SampleAugmenter: unweighting and augmented data (joint likelihood ratio and
// joint score), MATH.md §2, with the conventions of the Python MadMiner
// sampler so that seeded calls reproduce its outputs:
//  - per set of parameter points, the sampling cross section (and gradient) is
//    computed on the requested partition and event subset (closest benchmark by
//    default), times the partition correction factor;
//  - per pass, u = rng.rand(nSamples) is drawn once; events are walked in file
//    order in batches, p = w(theta)/sigma(theta) (negative p set to 0 and
//    reported), the cumulative sum is offset per batch, and a sample takes the
//    first event whose cumulative probability reaches its u (searchsorted,
//    side='left'); samples not reached in a pass are redrawn in the next pass;
//  - ratio samples draw the theta0 half, then the theta1 half, then shuffle all
//    arrays with one permutation.
// Memory is bounded by the samples requested: events are only streamed.
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { InputError, NumericalError, writeNpy } from "@mm/util";
import { DataAnalyzer, type DataAnalyzerOptions, type ThetaRef } from "./analyzer.js";
import type { EventSource } from "./events.js";
import type { Partition } from "./partitions.js";
import { rngFromSeed, type Rng } from "./rng.js";
import { buildSets, parseTheta, type ThetaSpec } from "./thetas.js";

/**
 * Augmented data to compute per sample, with indices into the sampled set of parameter points:
 * ["ratio", i, j] the joint likelihood ratio r(x,z|θ_i, θ_j), ["score", i] the joint score t(x,z|θ_i).
 */
export type AugmentedDefinition = ["ratio", number, number] | ["score", number];

/** Options of the `SampleAugmenter` sampling methods (Python's keyword arguments, camelCase); a seed (or rng) is required. */
export interface SampleOptions {
  /** Seed of the numpy-compatible stream (np.random.seed(seed) before the Python call). */
  seed?: number;
  /** Or an explicit generator (takes precedence over seed). */
  rng?: Rng;
  /** Folder and name for the .npy files (both needed to write files). */
  folder?: string;
  filename?: string;
  sampleOnlyFromClosestBenchmark?: boolean;
  testSplit?: number;
  validationSplit?: number;
  partition?: Partition;
  /** Seed API: sample training data from the test events and vice versa. */
  switchTrainTestEvents?: boolean;
  /** Ignore events carrying more than 1/nEffForced of the cross section. */
  nEffForced?: number | null;
  /** float64 outputs instead of float32. */
  doublePrecision?: boolean;
  /** Rows per batch when streaming the events (default 100,000 as in Python). */
  batchSize?: number;
  /** Receives warnings (also collected in the result). */
  onWarning?: (message: string) => void;
  /** Progress: sets done / total. */
  onProgress?: (done: number, total: number) => void;
}

/** A float array with its numpy shape. */
export interface NdArray {
  data: Float32Array | Float64Array;
  shape: number[];
}

/** What a `SampleAugmenter` sampling method reports besides the arrays: effective numbers of samples, negative weights, warnings, files written. */
export interface SampleReport {
  /** 1 / max event probability (minimum over the parameter points sampled). */
  effectiveNSamples: number;
  /** The same per sampled parameter point. */
  effectiveNSamplesPerSet: number[];
  /** File row of the event behind each sample row (before any final shuffle: after it for ratio samples). */
  eventIndices: Int32Array;
  /** Events with negative p(x|theta) at the sampling point (set to probability 0). */
  negativeWeightEvents: number;
  /** Sampled events whose weight at another evaluated point is <= 0 (ratios/scores there are not finite or negative). */
  nonPositiveEvaluationWeights: number;
  warnings: string[];
  /** Files written (absolute or as given). */
  files: string[];
}

/** What `extractSamplesTrainPlain` and `extractSamplesTest` return: observables x and parameter points theta (one row per sample), with the report. */
export type PlainSamples = SampleReport & { x: NdArray; theta: NdArray };
/** What `extractSamplesTrainLocal` / `extractSamplesTrainGlobal` return: PlainSamples plus the joint score t(x,z|theta) per row. */
export type LocalSamples = PlainSamples & { tXz: NdArray };
/** What `extractSamplesTrainRatio` returns: x, theta0, theta1, the label y (0: drawn at theta0, 1: at theta1), the joint ratio r(x,z|theta0,theta1) and the joint score at theta0 (null without morphing). */
export type RatioSamples = SampleReport & { x: NdArray; theta0: NdArray; theta1: NdArray; y: NdArray; rXz: NdArray; tXz: NdArray | null };
/** What `extractSamplesTrainMoreRatios` returns: as RatioSamples, with the joint scores at theta0 and theta1. */
export type MoreRatioSamples = SampleReport & { x: NdArray; theta0: NdArray; theta1: NdArray; y: NdArray; rXz: NdArray; tXz0: NdArray; tXz1: NdArray };

interface SetResult {
  x: Float64Array;
  thetas: Float64Array[];
  aug: Float64Array[];
  nEff: number;
  eventIndices: Int32Array;
  n: number;
}

/** Warn when one event carries more than this fraction of the sampling cross section. */
export const DOMINANT_EVENT_FRACTION = 0.01;

/**
 * Unweighted training and test samples with augmented data (joint likelihood ratio r(x,z) and joint
 * score t(x,z)), as Python MadMiner's SampleAugmenter: seeded calls reproduce its outputs. The
 * extractSamples* methods return the arrays (x, theta, ..., with their numpy shapes) and a SampleReport,
 * and write .npy files when `folder` and `filename` are given. Typical use:
 * ```ts
 * const sa = new SampleAugmenter(await openEventsFile("events.h5"));
 * const theta0 = randomMorphingPoints(100, [["flat", -20, 20]]);
 * const { x, y, rXz } = await sa.extractSamplesTrainRatio(theta0, benchmark("sm"), 10000, { seed: 42, folder: "data", filename: "train" });
 * ```
 */
export class SampleAugmenter extends DataAnalyzer {
  constructor(source: EventSource, options: DataAnalyzerOptions = {}) {
    super(source, options);
  }

  private rngFor(options: SampleOptions): Rng | null {
    if (options.rng) return options.rng;
    if (options.seed !== undefined) return rngFromSeed(options.seed);
    return null;
  }

  private requireRng(rng: Rng | null): Rng {
    if (!rng) throw new InputError("sampling needs a seed: pass { seed } (or { rng })");
    return rng;
  }

  private report(warnings: string[], options: SampleOptions, message: string) {
    warnings.push(message);
    options.onWarning?.(message);
  }

  /** Low-level: draws n events for one set of parameter points (SampleAugmenter._sample_set). */
  private async sampleSet(
    set: ThetaRef[],
    n: number,
    samplingIndex: number,
    defs: AugmentedDefinition[],
    options: SampleOptions,
    rng: Rng,
    state: { negative: number; nonPositive: number; warnings: string[] },
  ): Promise<SetResult> {
    const P = this.nParameters;
    const O = this.nObservables;
    const needsGradients = defs.some((d) => d[0] === "score");
    const values = set.map((t) => this.thetaValue(t));
    const T = set.map((t) => this.thetaMatrix(t));
    const D = needsGradients ? set.map((t) => this.dthetaMatrix(t)) : [];
    const closeTo = options.sampleOnlyFromClosestBenchmark === false ? null : values[samplingIndex];
    let partition: Partition = options.partition ?? "train";
    if (options.switchTrainTestEvents) partition = partition === "train" ? "test" : partition === "test" ? "train" : partition;
    const xopts = { partition, testSplit: options.testSplit ?? 0.2, validationSplit: options.validationSplit ?? 0.2, generatedCloseTo: closeTo, batchSize: options.batchSize };
    const { xsecs, uncertainties, gradients: xsecGrad } = await this.xsecsAndGradients(set, xopts, needsGradients);
    const xs = xsecs[samplingIndex];
    if (!(xs > 0)) {
      throw new NumericalError(`the cross section at theta = [${values[samplingIndex].join(", ")}] on the ${partition} partition is ${xs} pb: there is no distribution to sample from`);
    }
    if (uncertainties[samplingIndex] > 0.1 * xs) {
      this.report(state.warnings, options, `large statistical uncertainty on the cross section at theta = [${values[samplingIndex].join(", ")}]: (${xs} ± ${uncertainties[samplingIndex]}) pb`);
    }
    const bounds = this.partitionBounds(partition, xopts.testSplit, xopts.validationSplit);
    const Ts = T[samplingIndex];
    const done = new Uint8Array(n);
    let nDone = 0;
    const x = new Float64Array(n * O);
    const eventIndices = new Int32Array(n).fill(-1);
    const aug = defs.map((d) => new Float64Array(n * (d[0] === "ratio" ? 1 : P)));
    let largest = 0;
    const nEffForced = options.nEffForced ?? null;
    let negativeCounted = false;
    let pass = 0;
    const nT = set.length;
    const wAt = new Float64Array(nT);
    const gAt = new Float64Array(nT * P);

    const widths = defs.map((d) => (d[0] === "ratio" ? 1 : P));
    const offsets: number[] = [];
    let W = 0;
    for (const wd of widths) {
      offsets.push(W);
      W += wd;
    }
    const ratioNum = defs.map((d) => (d[0] === "ratio" ? d[1] : -1));
    const ratioDen = defs.map((d) => (d[0] === "ratio" ? d[2] : -1));
    const scoreAt = defs.map((d) => (d[0] === "score" ? d[1] : -1));
    // joint ratio / score of one event (row of corrected benchmark weights) into out[at..]
    const computeRow = (w: Float64Array, o: number, Bw: number, out: Float64Array, at: number) => {
      for (let k = 0; k < nT; k++) {
        const Tk = T[k];
        const nbk = Math.min(Tk.length, Bw);
        let s = 0;
        for (let b = 0; b < nbk; b++) s += Tk[b] * w[o + b];
        wAt[k] = s;
        if (needsGradients) {
          const Dk = D[k];
          const B = Dk.length / P;
          const nbd = Math.min(B, Bw);
          for (let i = 0; i < P; i++) {
            let g = 0;
            for (let b = 0; b < nbd; b++) g += Dk[i * B + b] * w[o + b];
            gAt[k * P + i] = g;
          }
        }
      }
      for (let d = 0; d < defs.length; d++) {
        const base = at + offsets[d];
        if (ratioNum[d] >= 0) {
          const num = ratioNum[d];
          const den = ratioDen[d];
          if (!(wAt[den] > 0) || !(wAt[num] > 0)) state.nonPositive++;
          out[base] = wAt[num] / xsecs[num] / (wAt[den] / xsecs[den]);
        } else {
          const k = scoreAt[d];
          if (!(wAt[k] > 0)) state.nonPositive++;
          for (let i = 0; i < P; i++) out[base + i] = gAt[k * P + i] / wAt[k] - xsecGrad![k * P + i] / xsecs[k];
        }
      }
    };
    const pending = new Int32Array(n);
    let table = new Int32Array(0);
    while (nDone < n) {
      pass++;
      if (pass > 1000) throw new NumericalError(`sampling did not converge after 1000 passes over the events (cumulative probability far below 1)`);
      const u = rng.rand(n);
      // samples still to be found, in index order
      let pendingCount = 0;
      for (let j = 0; j < n; j++) if (!done[j]) pending[pendingCount++] = j;
      let offset = 0;
      let negativeThisPass = 0;
      let cum = new Float64Array(0);
      for await (const batch of this.eventLoader({ start: bounds.start, end: bounds.end, generatedCloseTo: closeTo, batchSize: options.batchSize })) {
        const Bw = batch.n > 0 ? batch.weights.length / batch.n : 0;
        const w = batch.weights;
        const corr = bounds.correctionFactor;
        if (corr !== 1) for (let i = 0; i < w.length; i++) w[i] *= corr;
        const nb = Math.min(Ts.length, Bw);
        if (cum.length < batch.n) cum = new Float64Array(batch.n);
        const rowAug = new Float64Array(W > 0 ? batch.n * W : 0);
        const rowDone = new Uint8Array(W > 0 ? batch.n : 0);
        // cumulative p within the batch (numpy: offset + cumsum(p))
        let c = 0;
        for (let r = 0; r < batch.n; r++) {
          let ws = 0;
          const o = r * Bw;
          for (let b = 0; b < nb; b++) ws += Ts[b] * w[o + b];
          let p = ws / xs;
          if (p < 0) {
            negativeThisPass++;
            p = 0;
          }
          if (nEffForced !== null && p > 1.0 / nEffForced) p = 0;
          if (p > largest) largest = p;
          c = r === 0 ? p : c + p;
          cum[r] = offset + c;
        }
        const m = batch.n;
        if (pendingCount === 0) break;
        // Bucket table over [cum[0], cum[m-1]]: table[k] = first row with cum >= cum[0] + k·span/K.
        // A lookup starts at its bucket and scans to the first row with cum >= u (numpy
        // searchsorted, side 'left'); the scans make the result exact whatever the rounding.
        const K = Math.max(1, m);
        const lo0 = m > 0 ? cum[0] : 0;
        const span = m > 0 ? cum[m - 1] - lo0 : 0;
        if (table.length < K + 1) table = new Int32Array(K + 1);
        {
          let r = 0;
          for (let k = 0; k <= K; k++) {
            const edge = lo0 + (k * span) / K;
            while (r < m && cum[r] < edge) r++;
            table[k] = r;
          }
        }
        const bObs = batch.observations;
        const bIdx = batch.indices;
        let still = 0;
        const last = m > 0 ? cum[m - 1] : -Infinity;
        for (let q = 0; q < pendingCount; q++) {
          const j = pending[q];
          const uj = u[j];
          if (!(uj <= last)) {
            pending[still++] = j;
            continue;
          }
          let lo: number;
          if (uj <= lo0) lo = 0;
          else {
            let k = Math.floor(((uj - lo0) / span) * K);
            if (!(k >= 0)) k = 0;
            if (k > K) k = K;
            lo = table[k];
            while (lo > 0 && cum[lo - 1] >= uj) lo--;
            while (lo < m && cum[lo] < uj) lo++;
          }
          const r = lo;
          done[j] = 1;
          nDone++;
          for (let k = 0; k < O; k++) x[j * O + k] = bObs[r * O + k];
          eventIndices[j] = bIdx[r];
          if (W > 0) {
            if (!rowDone[r]) {
              computeRow(w, r * Bw, Bw, rowAug, r * W);
              rowDone[r] = 1;
            }
            for (let d = 0; d < defs.length; d++) {
              const width = widths[d];
              const src = r * W + offsets[d];
              for (let i = 0; i < width; i++) aug[d][j * width + i] = rowAug[src + i];
            }
          }
        }
        pendingCount = still;
        if (m > 0) offset = cum[m - 1];
        if (nDone >= n) break;
      }
      if (!negativeCounted) {
        state.negative += negativeThisPass;
        negativeCounted = true;
        if (negativeThisPass > 0) {
          this.report(state.warnings, options, `${negativeThisPass} events have negative weight at theta = [${values[samplingIndex].join(", ")}]; they are given probability 0`);
        }
      }
      if (offset <= 0) throw new NumericalError(`no event has positive weight at theta = [${values[samplingIndex].join(", ")}] in the ${partition} partition`);
    }
    const nEff = 1.0 / Math.max(1e-12, largest);
    if (largest > DOMINANT_EVENT_FRACTION) {
      this.report(state.warnings, options, `a few events dominate the weights at theta = [${values[samplingIndex].join(", ")}]: one event carries ${(100 * largest).toFixed(2)} % of the cross section (effective number of events ${nEff.toFixed(1)})`);
    }
    const thetas = values.map((v) => {
      const a = new Float64Array(n * P);
      for (let r = 0; r < n; r++) for (let i = 0; i < P; i++) a[r * P + i] = v[i];
      return a;
    });
    return { x, thetas, aug, nEff, eventIndices, n };
  }

  /** SampleAugmenter._sample: loops over sets, concatenates. */
  private async sample(
    sets: ThetaRef[][],
    nPerSet: number,
    samplingIndex: number,
    defs: AugmentedDefinition[],
    options: SampleOptions,
    rng: Rng,
    state: { negative: number; nonPositive: number; warnings: string[] },
  ) {
    const results: SetResult[] = [];
    for (let i = 0; i < sets.length; i++) {
      results.push(await this.sampleSet(sets[i], nPerSet, samplingIndex, defs, options, rng, state));
      options.onProgress?.(i + 1, sets.length);
    }
    if (results.length === 1) {
      const r = results[0];
      return { x: r.x, thetas: r.thetas, aug: r.aug, eventIndices: r.eventIndices, n: r.n, perSetNEff: [r.nEff] };
    }
    const O = this.nObservables;
    const P = this.nParameters;
    const N = results.reduce((s, r) => s + r.n, 0);
    const x = new Float64Array(N * O);
    const nParams = sets[0].length;
    const thetas = Array.from({ length: nParams }, () => new Float64Array(N * P));
    const aug = defs.map((d) => new Float64Array(N * (d[0] === "ratio" ? 1 : P)));
    const idx = new Int32Array(N);
    let off = 0;
    for (const r of results) {
      x.set(r.x, off * O);
      r.thetas.forEach((t, k) => thetas[k].set(t, off * P));
      r.aug.forEach((a, d) => aug[d].set(a, off * (defs[d][0] === "ratio" ? 1 : P)));
      idx.set(r.eventIndices, off);
      off += r.n;
    }
    return { x, thetas, aug, eventIndices: idx, n: N, perSetNEff: results.map((r) => r.nEff) };
  }

  private cast(data: Float64Array, shape: number[], options: SampleOptions): NdArray {
    return { data: options.doublePrecision ? data : Float32Array.from(data), shape };
  }

  private save(options: SampleOptions, arrays: Record<string, NdArray>, files: string[]) {
    if (options.folder === undefined || options.filename === undefined) return;
    mkdirSync(options.folder, { recursive: true });
    for (const [prefix, arr] of Object.entries(arrays)) {
      const path = join(options.folder, `${prefix}_${options.filename}.npy`);
      writeNpy(path, arr.data, arr.shape, { dtype: arr.data instanceof Float32Array ? "float32" : "float64" });
      files.push(path);
    }
  }

  private newState() {
    return { negative: 0, nonPositive: 0, warnings: [] as string[] };
  }

  private finish(state: { negative: number; nonPositive: number; warnings: string[] }, perSet: number[], eventIndices: Int32Array, files: string[], options: SampleOptions): SampleReport {
    if (state.nonPositive > 0) {
      this.report(state.warnings, options, `${state.nonPositive} sampled values have a non-positive weight at an evaluation point; their joint ratio / score is not finite or negative`);
    }
    return {
      effectiveNSamples: Math.min(...perSet),
      effectiveNSamplesPerSet: perSet,
      eventIndices,
      negativeWeightEvents: state.negative,
      nonPositiveEvaluationWeights: state.nonPositive,
      warnings: state.warnings,
      files,
    };
  }

  /** x ~ p(x|theta) without augmented data (sample_train_plain). Files: x_, theta_. */
  async extractSamplesTrainPlain(theta: ThetaSpec, nSamples: number, options: SampleOptions = {}): Promise<PlainSamples> {
    const rng = this.requireRng(this.rngFor(options));
    const state = this.newState();
    const { thetas, nPerTheta } = parseTheta(theta, nSamples, rng);
    const sets = buildSets([thetas]);
    const s = await this.sample(sets, nPerTheta, 0, [], options, rng, state);
    const out = { x: this.cast(s.x, [s.n, this.nObservables], options), theta: this.cast(s.thetas[0], [s.n, this.nParameters], options) };
    const files: string[] = [];
    this.save(options, { theta: out.theta, x: out.x }, files);
    return { ...out, ...this.finish(state, s.perSetNEff, s.eventIndices, files, options) };
  }

  /** x ~ p(x|theta) and the joint score t(x,z|theta) (sample_train_local). Files: x_, theta_, t_xz_. */
  async extractSamplesTrainLocal(theta: ThetaSpec, nSamples: number, options: SampleOptions = {}): Promise<LocalSamples> {
    if (!this.morphingEnabled) throw new InputError(`${this.source.name} has no morphing setup: the joint score cannot be computed`);
    const rng = this.requireRng(this.rngFor(options));
    const state = this.newState();
    const { thetas, nPerTheta } = parseTheta(theta, nSamples, rng);
    const sets = buildSets([thetas]);
    const s = await this.sample(sets, nPerTheta, 0, [["score", 0]], options, rng, state);
    const P = this.nParameters;
    const out = {
      x: this.cast(s.x, [s.n, this.nObservables], options),
      theta: this.cast(s.thetas[0], [s.n, P], options),
      tXz: this.cast(s.aug[0], [s.n, P], options),
    };
    const files: string[] = [];
    this.save(options, { theta: out.theta, x: out.x, t_xz: out.tXz }, files);
    return { ...out, ...this.finish(state, s.perSetNEff, s.eventIndices, files, options) };
  }

  /** Density-estimation samples (sample_train_density): as local, theta typically from a prior. */
  async extractSamplesTrainGlobal(theta: ThetaSpec, nSamples: number, options: SampleOptions = {}): Promise<LocalSamples> {
    return this.extractSamplesTrainLocal(theta, nSamples, options);
  }

  /**
   * x ~ p(x|theta0) (y=0) and x ~ p(x|theta1) (y=1), r(x,z|theta0,theta1) and t(x,z|theta0)
   * (sample_train_ratio). Files: theta0_, theta1_, x_, y_, r_xz_, t_xz_.
   */
  async extractSamplesTrainRatio(theta0: ThetaSpec, theta1: ThetaSpec, nSamples: number, options: SampleOptions = {}): Promise<RatioSamples> {
    const rng = this.requireRng(this.rngFor(options));
    const state = this.newState();
    const morph = this.morphingEnabled;
    const defs: AugmentedDefinition[] = morph ? [["ratio", 0, 1], ["score", 0]] : [["ratio", 0, 1]];
    const half = Math.floor(nSamples / 2);
    const run = async (samplingIndex: number) => {
      const a = parseTheta(theta0, half, rng);
      const b = parseTheta(theta1, half, rng);
      const sets = buildSets([a.thetas, b.thetas]);
      return this.sample(sets, Math.min(a.nPerTheta, b.nPerTheta), samplingIndex, defs, options, rng, state);
    };
    const s0 = await run(0);
    const s1 = await run(1);
    const N = s0.n + s1.n;
    const O = this.nObservables;
    const P = this.nParameters;
    const perm = rng.permutation(N);
    const stack = (a: Float64Array, b: Float64Array, width: number) => {
      const out = new Float64Array(N * width);
      const n0 = s0.n;
      for (let i = 0; i < N; i++) {
        const src = perm[i];
        if (src < n0) for (let k = 0; k < width; k++) out[i * width + k] = a[src * width + k];
        else for (let k = 0; k < width; k++) out[i * width + k] = b[(src - n0) * width + k];
      }
      return out;
    };
    const y = new Float64Array(N);
    const idx = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      y[i] = perm[i] < s0.n ? 0 : 1;
      idx[i] = perm[i] < s0.n ? s0.eventIndices[perm[i]] : s1.eventIndices[perm[i] - s0.n];
    }
    const out = {
      x: this.cast(stack(s0.x, s1.x, O), [N, O], options),
      theta0: this.cast(stack(s0.thetas[0], s1.thetas[0], P), [N, P], options),
      theta1: this.cast(stack(s0.thetas[1], s1.thetas[1], P), [N, P], options),
      y: { data: y, shape: [N, 1] } as NdArray,
      rXz: this.cast(stack(s0.aug[0], s1.aug[0], 1), [N, 1], options),
      tXz: morph ? this.cast(stack(s0.aug[1], s1.aug[1], P), [N, P], options) : null,
    };
    const files: string[] = [];
    const arrays: Record<string, NdArray> = { theta0: out.theta0, theta1: out.theta1, x: out.x, y: out.y, r_xz: out.rXz };
    if (out.tXz) arrays.t_xz = out.tXz;
    this.save(options, arrays, files);
    return { ...out, ...this.finish(state, [...s0.perSetNEff, ...s1.perSetNEff], idx, files, options) };
  }

  /**
   * Ratio samples with joint ratios and scores at additional points (sample_train_more_ratios).
   * Files: theta0_, theta1_, x_, y_, r_xz_, t_xz0_, t_xz1_.
   */
  async extractSamplesTrainMoreRatios(theta0: ThetaSpec, theta1: ThetaSpec, nSamples: number, options: SampleOptions & { additionalThetas?: ThetaSpec[] } = {}): Promise<MoreRatioSamples> {
    if (!this.morphingEnabled) throw new InputError(`${this.source.name} has no morphing setup: the joint score cannot be computed`);
    const rng = this.requireRng(this.rngFor(options));
    const state = this.newState();
    const extra = options.additionalThetas ?? [];
    const nA = extra.length;
    const defs0: AugmentedDefinition[] = [["ratio", 0, 1], ["score", 0], ["score", 1]];
    const defs1: AugmentedDefinition[] = [["ratio", 0, 1], ["score", 0], ["score", 1]];
    for (let i = 0; i < nA; i++) {
      defs0.push(["ratio", 0, i + 2], ["score", i + 2]);
      defs1.push(["ratio", i + 2, 1], ["score", i + 2]);
    }
    const half = Math.floor(nSamples / 2);
    const run = async (samplingIndex: number, defs: AugmentedDefinition[]) => {
      let nPer = 1000000;
      const lists: ThetaRef[][] = [];
      for (const spec of [theta0, theta1, ...extra]) {
        const p = parseTheta(spec, half, rng);
        lists.push(p.thetas);
        nPer = Math.min(nPer, p.nPerTheta);
      }
      return this.sample(buildSets(lists), nPer, samplingIndex, defs, options, rng, state);
    };
    const P = this.nParameters;
    const O = this.nObservables;
    const s0 = await run(0, defs0);
    const s1 = await run(1, defs1);
    const reps = 1 + nA;
    // blocks in Python's vstack order
    const rows: { x: Float64Array[]; r: Float64Array[]; t0: Float64Array[]; t1: Float64Array[]; th0: Float64Array[]; th1: Float64Array[] } = { x: [], r: [], t0: [], t1: [], th0: [], th1: [] };
    // theta0 run: r = [r01, r0(2+i)...], t0 = t(theta0) repeated, t1 = [t(theta1), t(2+i)...], theta1 = [theta1, theta_(2+i)...]
    for (let k = 0; k < reps; k++) {
      rows.x.push(s0.x);
      rows.th0.push(s0.thetas[0]);
      rows.t0.push(s0.aug[1]);
      rows.r.push(k === 0 ? s0.aug[0] : s0.aug[3 + (k - 1) * 2]);
      rows.t1.push(k === 0 ? s0.aug[2] : s0.aug[4 + (k - 1) * 2]);
      rows.th1.push(k === 0 ? s0.thetas[1] : s0.thetas[1 + k]);
    }
    // theta1 run: r = [r01, r(2+i)1...], t0 = [t(theta0), t(2+i)...], t1 repeated, theta0 = [theta0, theta_(2+i)...]
    for (let k = 0; k < reps; k++) {
      rows.x.push(s1.x);
      rows.th1.push(s1.thetas[1]);
      rows.t1.push(s1.aug[2]);
      rows.r.push(k === 0 ? s1.aug[0] : s1.aug[3 + (k - 1) * 2]);
      rows.t0.push(k === 0 ? s1.aug[1] : s1.aug[4 + (k - 1) * 2]);
      rows.th0.push(k === 0 ? s1.thetas[0] : s1.thetas[1 + k]);
    }
    const N = reps * (s0.n + s1.n);
    const n0 = reps * s0.n;
    const cat = (parts: Float64Array[]) => {
      const total = parts.reduce((s, p) => s + p.length, 0);
      const out = new Float64Array(total);
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    const all = { x: cat(rows.x), r: cat(rows.r), t0: cat(rows.t0), t1: cat(rows.t1), th0: cat(rows.th0), th1: cat(rows.th1) };
    const idxAll = new Int32Array(N);
    for (let k = 0; k < reps; k++) {
      idxAll.set(s0.eventIndices, k * s0.n);
      idxAll.set(s1.eventIndices, n0 + k * s1.n);
    }
    const perm = rng.permutation(N);
    const shuffle = (a: Float64Array, width: number) => {
      const out = new Float64Array(N * width);
      for (let i = 0; i < N; i++) {
        const src = perm[i] * width;
        for (let k = 0; k < width; k++) out[i * width + k] = a[src + k];
      }
      return out;
    };
    const y = new Float64Array(N);
    const idx = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      y[i] = perm[i] < n0 ? 0 : 1;
      idx[i] = idxAll[perm[i]];
    }
    const out = {
      x: this.cast(shuffle(all.x, O), [N, O], options),
      theta0: this.cast(shuffle(all.th0, P), [N, P], options),
      theta1: this.cast(shuffle(all.th1, P), [N, P], options),
      y: { data: y, shape: [N, 1] } as NdArray,
      rXz: this.cast(shuffle(all.r, 1), [N, 1], options),
      tXz0: this.cast(shuffle(all.t0, P), [N, P], options),
      tXz1: this.cast(shuffle(all.t1, P), [N, P], options),
    };
    const files: string[] = [];
    this.save(options, { theta0: out.theta0, theta1: out.theta1, x: out.x, y: out.y, r_xz: out.rXz, t_xz0: out.tXz0, t_xz1: out.tXz1 }, files);
    return { ...out, ...this.finish(state, [...s0.perSetNEff, ...s1.perSetNEff], idx, files, options) };
  }

  /** Evaluation samples from the test partition (sample_test). Files: x_, theta_. */
  async extractSamplesTest(theta: ThetaSpec, nSamples: number, options: SampleOptions = {}): Promise<PlainSamples> {
    return this.extractSamplesTrainPlain(theta, nSamples, { partition: "test", ...options });
  }

  /** Total cross sections at the points of a theta specification (all events, sampling factors applied). */
  async extractCrossSections(theta: ThetaSpec, options: { seed?: number; rng?: Rng } = {}) {
    const rng = options.rng ?? (options.seed !== undefined ? rngFromSeed(options.seed) : null);
    const { thetas } = parseTheta(theta, null, rng);
    const values = thetas.map((t) => this.thetaValue(t));
    const { xsecs, uncertainties } = await this.xsecs(thetas);
    return { thetas: values, xsecs, uncertainties };
  }

  /** All events with benchmark weights, weights at theta, or (derivative) their gradients. */
  async extractRawData(theta: ThetaRef | null = null, options: { derivative?: boolean } = {}) {
    return this.weightedEvents({ theta, derivative: options.derivative });
  }
}
