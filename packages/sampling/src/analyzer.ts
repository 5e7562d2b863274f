// DataAnalyzer: the reading conventions of MadMiner's madminer.analysis layer
// over an EventSource (LAYOUT.md "How the readers interpret the file"):
//  1. reading all events multiplies each event's weights by the sampling factor
//     k[s] = signal_events[s] / sum(signal_events) of its sampling benchmark s
//     (background: 1);
//  2. with `generatedCloseTo`, only events generated at the closest benchmark
//     (benchmarks without events excluded) and background events are used,
//     without factors;
//  3. partitions as in ./partitions.ts;
//  4. batches of 100,000 rows by default (results independent of batch size up
//     to float summation order).
import { InputError, NumericalError } from "@mm/util";
import { InMemoryEventSource, type EventSource, type EventSetup } from "./events.js";
import { morphingWeights, morphingWeightGradients } from "./morphing.js";
import { partitionBounds, type Partition, type PartitionBounds } from "./partitions.js";

/** A parameter point: benchmark name, benchmark index, or values (morphing). */
export type ThetaRef = string | number | ArrayLike<number>;

/** Rows as the analysis sees them (after filtering and sampling factors). */
export interface LoadedBatch {
  n: number;
  /** n × O */
  observations: Float64Array;
  /** n × B' (B' = benchmarks, without nuisance ones unless included) */
  weights: Float64Array;
  samplingBenchmarks: Int32Array;
  /** File row index of each row. */
  indices: Int32Array;
}

/** Options of `DataAnalyzer.eventLoader` (Python's `event_loader`): row range, batch size, nuisance benchmarks and closest-benchmark filtering. */
export interface LoaderOptions {
  start?: number;
  end?: number | null;
  /** Rows per batch; null = everything in one batch. Default 100,000. */
  batchSize?: number | null;
  includeNuisanceParameters?: boolean;
  /** Only events generated at the benchmark closest to this point (plus background), without factors. */
  generatedCloseTo?: ArrayLike<number> | null;
}

/** Options of `DataAnalyzer.xsecs` and `xsecGradients`: partition and splits (default all events, 0.2 / 0.2), batch size, closest-benchmark filtering, nuisance benchmarks. */
export interface XsecOptions {
  partition?: Partition;
  testSplit?: number;
  validationSplit?: number;
  batchSize?: number;
  generatedCloseTo?: ArrayLike<number> | null;
  includeNuisanceBenchmarks?: boolean;
}

/** Options of the `DataAnalyzer` constructor (Python's `include_nuisance_parameters`, `disable_morphing`) and the in-memory cache. */
export interface DataAnalyzerOptions {
  includeNuisanceParameters?: boolean;
  disableMorphing?: boolean;
  /**
   * Files whose event arrays take at most this many bytes are read once and kept in memory
   * (repeated passes — one per parameter point when sampling — then cost no file reads).
   * Larger files are always streamed in batches. Default 64 MB; 0 disables the cache.
   */
  cacheBytes?: number;
}

/** Default of DataAnalyzerOptions.cacheBytes. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The reading layer of the analysis tools, Python MadMiner's madminer.analysis.DataAnalyzer, over
 * the events of a MadMiner file: weights times sampling factors, closest-benchmark filtering,
 * train / validation / test partitions, morphing of the weights to any parameter point, and total
 * cross sections (pb). SampleAugmenter and FisherInformation (@mm/fisher) extend it. Typical use:
 * ```ts
 * const da = new DataAnalyzer(await openEventsFile("events.h5"));
 * const { xsecs, uncertainties } = await da.xsecs(); // pb, one per benchmark
 * ```
 */
export class DataAnalyzer {
  readonly source: EventSource;
  readonly setup: EventSetup;
  readonly includeNuisanceParameters: boolean;
  readonly morphingEnabled: boolean;
  private readonly cacheBytes: number;
  private cached: Promise<EventSource> | null = null;

  constructor(source: EventSource, options: DataAnalyzerOptions = {}) {
    this.source = source;
    this.setup = source.setup;
    this.includeNuisanceParameters = options.includeNuisanceParameters ?? true;
    this.morphingEnabled = !options.disableMorphing && this.setup.morphing !== null;
    this.cacheBytes = source instanceof InMemoryEventSource ? 0 : options.cacheBytes ?? DEFAULT_CACHE_BYTES;
  }

  /** The source to read from: an in-memory copy for small files (see cacheBytes). */
  private rows(): Promise<EventSource> {
    if (!this.cached) {
      const n = this.setup.nEvents;
      const O = this.nObservables;
      const B = this.nBenchmarks;
      const bytes = n * (O + B + 1) * 8;
      if (bytes > this.cacheBytes) {
        this.cached = Promise.resolve(this.source);
      } else {
        this.cached = (async () => {
          const obs = new Float64Array(n * O);
          const w = new Float64Array(n * B);
          const sb = new Int32Array(n);
          for await (const b of this.source.batches({ start: 0, end: n, batchSize: 100000 })) {
            obs.set(b.observations, b.start * O);
            w.set(b.weights, b.start * B);
            sb.set(b.samplingBenchmarks, b.start);
          }
          return new InMemoryEventSource(this.setup, { observations: obs, weights: w, samplingBenchmarks: sb }, this.source.name);
        })();
      }
    }
    return this.cached;
  }

  get nParameters(): number {
    return this.setup.parameters.length;
  }
  get nBenchmarks(): number {
    return this.setup.benchmarks.length;
  }
  get nBenchmarksPhys(): number {
    return this.setup.benchmarks.filter((b) => !b.isNuisance).length;
  }
  get nObservables(): number {
    return this.setup.observableNames.length;
  }
  get nSamples(): number {
    return this.setup.nEvents;
  }
  get parameterNames(): string[] {
    return this.setup.parameters.map((p) => p.name);
  }
  get benchmarkNames(): string[] {
    return this.setup.benchmarks.map((b) => b.name);
  }
  get observableNames(): string[] {
    return this.setup.observableNames;
  }

  /** k = signal_events / sum(signal_events), then 1 for background (index -1 = last). */
  samplingFactors(): Float64Array {
    const ev = this.setup.signalEvents;
    let total = 0;
    for (const e of ev) total += e;
    const out = new Float64Array(ev.length + 1);
    for (let i = 0; i < ev.length; i++) out[i] = ev[i] / total;
    out[ev.length] = 1.0;
    return out;
  }

  /** Index of the physics benchmark closest to theta among those with generated events (null for null). */
  findClosestBenchmark(theta: ArrayLike<number> | null | undefined): number | null {
    if (theta === null || theta === undefined) return null;
    const phys = this.setup.benchmarks.slice(0, this.nBenchmarksPhys);
    const ev = this.setup.signalEvents;
    let best = -1;
    let bestD = Infinity;
    for (let b = 0; b < phys.length; b++) {
      let d2 = 0;
      for (let p = 0; p < theta.length; p++) d2 += (phys[b].values[p] - theta[p]) ** 2;
      let d = Math.sqrt(d2);
      if (ev.length > 0 && (ev[b] ?? 0) === 0) d += 1e9;
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    return best;
  }

  /** Batches of events with MadMiner's filtering and sampling factors applied (copies). */
  async *eventLoader(options: LoaderOptions = {}): AsyncGenerator<LoadedBatch> {
    const includeNuisance = options.includeNuisanceParameters ?? this.includeNuisanceParameters;
    const sb = this.findClosestBenchmark(options.generatedCloseTo ?? null);
    const factors = sb === null ? this.samplingFactors() : null;
    const B = this.nBenchmarks;
    const keep: number[] = [];
    this.setup.benchmarks.forEach((b, i) => {
      if (includeNuisance || !b.isNuisance) keep.push(i);
    });
    const Bk = keep.length;
    const allCols = Bk === B;
    const O = this.nObservables;
    const nFactors = factors ? factors.length : 0;
    const start = options.start ?? 0;
    const end = options.end ?? this.nSamples;
    const batchSize = options.batchSize === null ? Math.max(1, end - start) : options.batchSize ?? 100000;

    const source = await this.rows();
    for await (const batch of source.batches({ start, end, batchSize })) {
      let rows: number[] | null = null;
      if (sb !== null) {
        rows = [];
        for (let r = 0; r < batch.n; r++) {
          const s = batch.samplingBenchmarks[r];
          if (s === sb || s === -1) rows.push(r);
        }
      }
      if (!rows && allCols && source.freshBatches) {
        // the reader's own arrays: scale the weights in place, no copies
        const w = batch.weights;
        const ids = batch.samplingBenchmarks;
        if (factors) {
          for (let r = 0; r < batch.n; r++) {
            const s = ids[r];
            const fi = s < 0 ? nFactors + s : s;
            if (fi < 0 || fi >= nFactors) throw new InputError(`${this.source.name}: event ${batch.start + r} has sampling benchmark ${s}, outside the ${nFactors - 1} entries of sample_summary/signal_events`);
            const f = factors[fi];
            for (let b = 0; b < B; b++) w[r * B + b] *= f;
          }
        }
        const idx = new Int32Array(batch.n);
        for (let r = 0; r < batch.n; r++) idx[r] = batch.start + r;
        yield { n: batch.n, observations: batch.observations, weights: w, samplingBenchmarks: ids, indices: idx };
        continue;
      }
      const n = rows ? rows.length : batch.n;
      const obs = new Float64Array(n * O);
      const w = new Float64Array(n * Bk);
      const ids = new Int32Array(n);
      const idx = new Int32Array(n);
      const srcObs = batch.observations;
      const srcW = batch.weights;
      const srcIds = batch.samplingBenchmarks;
      for (let k = 0; k < n; k++) {
        const r = rows ? rows[k] : k;
        for (let o = 0; o < O; o++) obs[k * O + o] = srcObs[r * O + o];
        const s = srcIds[r];
        ids[k] = s;
        idx[k] = batch.start + r;
        let f = 1.0;
        if (factors) {
          const fi = s < 0 ? nFactors + s : s;
          if (fi < 0 || fi >= nFactors) throw new InputError(`${this.source.name}: event ${batch.start + r} has sampling benchmark ${s}, outside the ${nFactors - 1} entries of sample_summary/signal_events`);
          f = factors[fi];
        }
        if (allCols) {
          for (let b = 0; b < B; b++) w[k * B + b] = srcW[r * B + b] * f;
        } else {
          for (let j = 0; j < Bk; j++) w[k * Bk + j] = srcW[r * B + keep[j]] * f;
        }
      }
      yield { n, observations: obs, weights: w, samplingBenchmarks: ids, indices: idx };
    }
  }

  /** The parameter values of a theta reference. */
  thetaValue(theta: ThetaRef): number[] {
    if (typeof theta === "string") {
      const b = this.setup.benchmarks.find((x) => x.name === theta);
      if (!b) throw new InputError(`unknown benchmark '${theta}'; the file has ${this.benchmarkNames.join(", ")}`);
      return b.values.slice();
    }
    if (typeof theta === "number") {
      const b = this.setup.benchmarks[theta];
      if (!b) throw new InputError(`benchmark index ${theta} out of range 0..${this.nBenchmarks - 1}`);
      return b.values.slice();
    }
    if (theta.length !== this.nParameters) throw new InputError(`theta has ${theta.length} values, the file has ${this.nParameters} parameters (${this.parameterNames.join(", ")})`);
    return Array.from(theta);
  }

  private requireMorphing() {
    if (!this.morphingEnabled || !this.setup.morphing) {
      throw new InputError(`${this.source.name} has no morphing setup: only benchmark names can be used as parameter points`);
    }
    return this.setup.morphing;
  }

  /** Vector A with dsigma(theta) = A · dsigma(benchmarks); length B when zeroPad, else B_phys (or B for a benchmark). */
  thetaMatrix(theta: ThetaRef, zeroPad = true): Float64Array {
    let m: Float64Array;
    if (typeof theta === "string") {
      const i = this.benchmarkNames.indexOf(theta);
      if (i < 0) throw new InputError(`unknown benchmark '${theta}'; the file has ${this.benchmarkNames.join(", ")}`);
      m = new Float64Array(this.nBenchmarks);
      m[i] = 1;
    } else if (typeof theta === "number") {
      if (!(theta >= 0 && theta < this.nBenchmarks)) throw new InputError(`benchmark index ${theta} out of range 0..${this.nBenchmarks - 1}`);
      m = new Float64Array(this.nBenchmarks);
      m[theta] = 1;
    } else {
      m = morphingWeights(this.requireMorphing(), this.thetaValue(theta));
    }
    if (!zeroPad || m.length === this.nBenchmarks) return m;
    const out = new Float64Array(this.nBenchmarks);
    out.set(m.subarray(0, Math.min(m.length, out.length)));
    return out;
  }

  /** Matrix A_ib with d dsigma / d theta_i = A_ib dsigma(benchmark b); P × B (zeroPad) or P × B_phys. */
  dthetaMatrix(theta: ThetaRef, zeroPad = true): Float64Array {
    const value = typeof theta === "string" || typeof theta === "number" ? this.thetaValue(theta) : this.thetaValue(theta);
    const g = morphingWeightGradients(this.requireMorphing(), value);
    const P = this.nParameters;
    const Bp = g.length / P;
    if (!zeroPad || Bp === this.nBenchmarks) return g;
    const B = this.nBenchmarks;
    const out = new Float64Array(P * B);
    for (let i = 0; i < P; i++) out.set(g.subarray(i * Bp, i * Bp + Bp), i * B);
    return out;
  }

  partitionBounds(partition: Partition, testSplit = 0.2, validationSplit = 0.2): PartitionBounds {
    return partitionBounds(partition, this.nSamples, testSplit, validationSplit);
  }

  /** Total cross sections (pb) and uncertainties for benchmarks (thetas omitted) or parameter points. */
  async xsecs(thetas: ThetaRef[] | null = null, options: XsecOptions = {}): Promise<{ xsecs: Float64Array; uncertainties: Float64Array }> {
    const r = await this.xsecsAndGradients(thetas, options, false);
    return { xsecs: r.xsecs, uncertainties: r.uncertainties };
  }

  /** Gradients of the total cross section, nThetas × P row-major (pb). */
  async xsecGradients(thetas: ThetaRef[], options: XsecOptions = {}): Promise<Float64Array> {
    return (await this.xsecsAndGradients(thetas, options, true)).gradients!;
  }

  /** Cross sections, uncertainties and (optionally) gradients in one pass over the events. */
  async xsecsAndGradients(
    thetas: ThetaRef[] | null,
    options: XsecOptions,
    withGradients: boolean,
  ): Promise<{ xsecs: Float64Array; uncertainties: Float64Array; gradients: Float64Array | null }> {
    const { start, end, correctionFactor } = this.partitionBounds(options.partition ?? "all", options.testSplit ?? 0.2, options.validationSplit ?? 0.2);
    const includeNuisance = thetas !== null ? true : options.includeNuisanceBenchmarks ?? true;
    const matrices = thetas?.map((t) => this.thetaMatrix(t)) ?? null;
    const P = this.nParameters;
    const dmats = withGradients && thetas ? thetas.map((t) => this.dthetaMatrix(t)) : null;
    const nOut = matrices ? matrices.length : includeNuisance ? this.nBenchmarks : this.nBenchmarksPhys;
    const xs = new Float64Array(nOut);
    const sq = new Float64Array(nOut);
    const grads = dmats ? new Float64Array(dmats.length * P) : null;
    // Both sums are linear in the benchmark weights: one pass accumulates each benchmark's
    // sum of w and of w², and the parameter points combine those at the end (xsec = T·Σw,
    // its variance estimate T·Σw²), instead of morphing every event at every point.
    let colSum: Float64Array | null = null;
    let colSq: Float64Array | null = null;
    let nEvents = 0;
    for await (const batch of this.eventLoader({ start, end, includeNuisanceParameters: includeNuisance, batchSize: options.batchSize, generatedCloseTo: options.generatedCloseTo })) {
      // A batch can hold no event at all (closest-benchmark filtering): it adds nothing, and
      // its width (0 / 0) must not size the sums.
      if (batch.n === 0) continue;
      nEvents += batch.n;
      const Bw = batch.weights.length / batch.n;
      if (!colSum || !colSq) {
        colSum = new Float64Array(Bw);
        colSq = new Float64Array(Bw);
      }
      const w = batch.weights;
      for (let r = 0; r < batch.n; r++) {
        const o = r * Bw;
        for (let b = 0; b < Bw; b++) {
          const v = w[o + b];
          colSum[b] += v;
          colSq[b] += v * v;
        }
      }
    }
    if (colSum && colSq) {
      const Bw = colSum.length;
      if (!matrices) {
        for (let b = 0; b < nOut; b++) {
          xs[b] = colSum[b];
          sq[b] = colSq[b];
        }
      } else {
        for (let t = 0; t < matrices.length; t++) {
          const T = matrices[t];
          const nb = Math.min(T.length, Bw);
          for (let b = 0; b < nb; b++) {
            xs[t] += T[b] * colSum[b];
            sq[t] += T[b] * colSq[b];
          }
        }
      }
      if (dmats && grads) {
        for (let t = 0; t < dmats.length; t++) {
          const D = dmats[t];
          const B = D.length / P;
          const nb = Math.min(B, Bw);
          for (let i = 0; i < P; i++) {
            let s = 0;
            for (let b = 0; b < nb; b++) s += D[i * B + b] * colSum[b];
            grads[t * P + i] = s;
          }
        }
      }
    }
    if (nEvents === 0) {
      throw new InputError(`${this.source.name}: no events in partition '${options.partition ?? "all"}'${options.generatedCloseTo ? " generated close to the requested point" : ""}`);
    }
    const unc = new Float64Array(nOut);
    for (let i = 0; i < nOut; i++) {
      xs[i] *= correctionFactor;
      unc[i] = Math.sqrt(Math.max(sq[i], 0)) * correctionFactor;
    }
    if (grads) for (let i = 0; i < grads.length; i++) grads[i] *= correctionFactor;
    return { xsecs: xs, uncertainties: unc, gradients: grads };
  }

  /**
   * All events (in memory) with benchmark weights (theta omitted), the weights at theta
   * (derivative false) or their gradients (n × P). Reads through the loader, so sampling
   * factors apply unless generatedCloseTo is given.
   */
  async weightedEvents(options: { theta?: ThetaRef | null; derivative?: boolean; start?: number; end?: number | null; generatedCloseTo?: ArrayLike<number> | null } = {}): Promise<{
    n: number;
    x: Float64Array;
    weights: Float64Array;
    /** columns of `weights`: B' (benchmarks), 1 (theta) or P (derivative) */
    columns: number;
    indices: Int32Array;
  }> {
    const parts: { x: Float64Array; w: Float64Array; idx: Int32Array; n: number }[] = [];
    let n = 0;
    let Bw = this.nBenchmarks;
    for await (const b of this.eventLoader({ start: options.start, end: options.end, generatedCloseTo: options.generatedCloseTo })) {
      parts.push({ x: b.observations, w: b.weights, idx: b.indices, n: b.n });
      n += b.n;
      if (b.n > 0) Bw = b.weights.length / b.n;
    }
    const O = this.nObservables;
    const x = new Float64Array(n * O);
    const wb = new Float64Array(n * Bw);
    const indices = new Int32Array(n);
    let off = 0;
    for (const p of parts) {
      x.set(p.x, off * O);
      wb.set(p.w, off * Bw);
      indices.set(p.idx, off);
      off += p.n;
    }
    const theta = options.theta;
    if (theta === undefined || theta === null) return { n, x, weights: wb, columns: Bw, indices };
    if (typeof theta === "string" && !options.derivative) {
      const i = this.benchmarkNames.indexOf(theta);
      if (i < 0) throw new InputError(`unknown benchmark '${theta}'`);
      const w = new Float64Array(n);
      for (let r = 0; r < n; r++) w[r] = wb[r * Bw + i];
      return { n, x, weights: w, columns: 1, indices };
    }
    if (options.derivative) {
      const D = this.dthetaMatrix(theta);
      const P = this.nParameters;
      const B = D.length / P;
      const nb = Math.min(B, Bw);
      const g = new Float64Array(n * P);
      for (let r = 0; r < n; r++) for (let i = 0; i < P; i++) {
        let s = 0;
        for (let b = 0; b < nb; b++) s += D[i * B + b] * wb[r * Bw + b];
        g[r * P + i] = s;
      }
      return { n, x, weights: g, columns: P, indices };
    }
    const T = this.thetaMatrix(theta);
    const nb = Math.min(T.length, Bw);
    const w = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let b = 0; b < nb; b++) s += T[b] * wb[r * Bw + b];
      w[r] = s;
    }
    return { n, x, weights: w, columns: 1, indices };
  }
}

/** Throws a NumericalError when a total cross section is not positive. */
export function requirePositiveXsec(xsec: number, what: string): void {
  if (!(xsec > 0)) throw new NumericalError(`${what}: the total cross section is ${xsec} pb (not positive); morphing gives no valid distribution at this point`);
}
