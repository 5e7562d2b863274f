// FisherInformation (MadMiner's madminer.fisherinformation), over an events
// source through the DataAnalyzer of @mm/sampling: all events are read with
// their sampling factors (LAYOUT.md "How the readers interpret the file"),
// cuts and efficiencies are @mm/expr expressions over the observable names,
// and every matrix comes with its four-index covariance (./information.ts).
import { InputError } from "@mm/util";
import { DataAnalyzer, pyRound, type DataAnalyzerOptions, type EventSource, type ThetaRef } from "@mm/sampling";
import { EventExpressions } from "./expressions.js";
import { InformationAccumulator, toCovariance, toMatrix } from "./information.js";
import { linspace, searchsortedLeft, weightedQuantile } from "./binning.js";
import type { ScoreFunction } from "./score-function.js";

/** A Fisher information matrix and its four-index covariance (statistical uncertainty from the finite number of events). */
export interface InformationResult {
  /** P × P */
  information: number[][];
  /** P × P × P × P */
  covariance: number[][][][];
}

/**
 * Cuts (expressions over the observable names that an event must pass) and efficiencies (expressions
 * whose product multiplies each event's weight), as Python's `cuts` and `efficiency_functions`.
 */
export interface CutOptions {
  cuts?: string[];
  efficiencyFunctions?: string[];
}

/** Options of `FisherInformation.histoInformation` (Python's `histo_information`); luminosity in pb^-1 (default 300000). */
export interface HistoOptions extends CutOptions {
  luminosity?: number;
  /** Expression over the observable names. */
  observable: string;
  /** Number of bins (without the two overflow bins) or explicit inner boundaries. */
  bins: number | number[];
  /** Range for an integer number of bins; omitted: bins of equal cross section at theta. */
  histrange?: [number, number] | null;
  /** Events used to build equal-cross-section bins (default: all). */
  nEventsDynamicBinning?: number | null;
}

/** Options of `FisherInformation.histoInformation2d` (Python's `histo_information_2d`): per axis an observable, bins and range as in HistoOptions; luminosity in pb^-1 (default 300000). */
export interface Histo2dOptions extends CutOptions {
  luminosity?: number;
  observable1: string;
  bins1: number | number[];
  histrange1?: [number, number] | null;
  observable2: string;
  bins2: number | number[];
  histrange2?: [number, number] | null;
  nEventsDynamicBinning?: number | null;
}

/** What `FisherInformation.histogramOfInformation` returns: per slice of one observable, the cross section (pb) and the rate-only and full information. */
export interface HistogramOfInformationResult {
  binBoundaries: number[];
  /** Cross section per slice (nbins + 2, with under/overflow). */
  sigmaBins: number[];
  /** Rate-only information per slice. */
  fisherInfosRate: number[][][];
  /** Full (truth, or detector with a score function) information per slice. */
  fisherInfosFull: number[][][];
}

const DEFAULT_LUMI = 300000.0;

/**
 * Fisher information on the theory parameters, as Python MadMiner's madminer.fisherinformation.FisherInformation:
 * at truth level, in the total rate, in 1D / 2D histograms of observables, in slices of one observable,
 * and at detector level through a learned score (SALLY); every matrix comes with its covariance.
 * Events are read with their sampling factors; luminosities are in pb^-1 (default 300000, i.e. 300 fb^-1).
 * Typical use:
 * ```ts
 * const fi = new FisherInformation(await openEventsFile("events.h5"));
 * const { information, covariance } = await fi.truthInformation([0, 0], { luminosity: 300000 });
 * ```
 */
export class FisherInformation extends DataAnalyzer {
  constructor(source: EventSource, options: DataAnalyzerOptions = {}) {
    super(source, { includeNuisanceParameters: true, ...options });
  }

  private acc(theta: ThetaRef, luminosity: number, covariance: boolean): InformationAccumulator {
    return new InformationAccumulator(
      {
        thetaMatrix: this.thetaMatrix(theta, false),
        dthetaMatrix: this.dthetaMatrix(theta, false),
        nParameters: this.nParameters,
        nBenchmarksPhys: this.nBenchmarksPhys,
        luminosity,
      },
      covariance,
    );
  }

  private result(acc: InformationAccumulator): InformationResult {
    const P = this.nParameters;
    return { information: toMatrix(acc.information, P), covariance: toCovariance(acc.covariance!, P) };
  }

  private expressions(options: CutOptions): EventExpressions {
    return new EventExpressions(this.observableNames, options.cuts ?? [], options.efficiencyFunctions ?? []);
  }

  /** Full truth-level information: L sum_events dw_i dw_j / w, with covariance. */
  async truthInformation(theta: ThetaRef, options: CutOptions & { luminosity?: number } = {}): Promise<InformationResult> {
    const acc = this.acc(theta, options.luminosity ?? DEFAULT_LUMI, true);
    const ex = this.expressions(options);
    for await (const b of this.eventLoader()) {
      const kept = ex.apply(b.observations, b.weights, b.n);
      acc.add(kept.weights, kept.n, kept.n > 0 ? kept.weights.length / kept.n : 0);
    }
    return this.result(acc);
  }

  /**
   * Total cross section(s) after cuts and efficiencies (FisherInformation._calculate_xsec):
   * benchmark values, or at theta (uncertainty = thetaMatrix · sqrt(sum w^2), as in Python).
   */
  async calculateXsec(options: CutOptions & { theta?: ThetaRef | null; returnBenchmarkXsecs?: boolean; startEvent?: number; includeNuisanceParameters?: boolean } = {}): Promise<{ xsec: number[]; uncertainty: number[] }> {
    const ex = this.expressions(options);
    let sums: Float64Array | null = null;
    let sq: Float64Array | null = null;
    for await (const b of this.eventLoader({ start: options.startEvent ?? 0, includeNuisanceParameters: options.includeNuisanceParameters ?? true })) {
      const kept = ex.apply(b.observations, b.weights, b.n);
      const B = b.n > 0 ? b.weights.length / b.n : this.nBenchmarks;
      if (!sums) {
        sums = new Float64Array(B);
        sq = new Float64Array(B);
      }
      for (let r = 0; r < kept.n; r++) for (let k = 0; k < B; k++) {
        const v = kept.weights[r * B + k];
        sums[k] += v;
        sq![k] += v * v;
      }
    }
    if (!sums || !sq) throw new InputError(`${this.source.name}: no events passed the cuts`);
    const err = Array.from(sq, Math.sqrt);
    if (options.returnBenchmarkXsecs || options.theta === undefined || options.theta === null) return { xsec: Array.from(sums), uncertainty: err };
    const T = this.thetaMatrix(options.theta);
    const n = Math.min(T.length, sums.length);
    let x = 0;
    let e = 0;
    for (let b = 0; b < n; b++) {
      x += T[b] * sums[b];
      e += T[b] * err[b];
    }
    return { xsec: [x], uncertainty: [e] };
  }

  /** Information in the total rate: L dsigma_i dsigma_j / sigma, with covariance. */
  async rateInformation(theta: ThetaRef, options: CutOptions & { luminosity?: number } = {}): Promise<InformationResult> {
    const { xsec, uncertainty } = await this.calculateXsec({ ...options, returnBenchmarkXsecs: true });
    const acc = this.acc(theta, options.luminosity ?? DEFAULT_LUMI, true);
    acc.add(Float64Array.from(xsec), 1, xsec.length, Float64Array.from(uncertainty));
    return this.result(acc);
  }

  private async binning(theta: ThetaRef, observable: string, bins: number | number[], histrange: [number, number] | null | undefined, options: CutOptions & { nEventsDynamicBinning?: number | null }): Promise<{ boundaries: number[]; nTotal: number }> {
    if (typeof bins === "number") {
      if (!Number.isInteger(bins) || bins < 1) throw new InputError(`bins must be a positive integer or a list of boundaries, got ${bins}`);
      if (histrange === undefined || histrange === null) {
        return { boundaries: await this.dynamicBinning(observable, theta, bins, options.nEventsDynamicBinning ?? null, options), nTotal: bins };
      }
      return { boundaries: linspace(histrange[0], histrange[1], bins + 1), nTotal: bins + 2 };
    }
    for (let i = 1; i < bins.length; i++) if (!(bins[i] > bins[i - 1])) throw new InputError(`bin boundaries must increase: ${bins.join(", ")}`);
    return { boundaries: bins.slice(), nTotal: bins.length + 1 };
  }

  /** Inner boundaries of nBins bins of equal cross section at theta (FisherInformation._calculate_dynamic_binning). */
  async dynamicBinning(observable: string, theta: ThetaRef, nBins: number, nEvents: number | null, options: CutOptions = {}): Promise<number[]> {
    const ex = this.expressions(options);
    const get = ex.getter(observable);
    const quantiles = linspace(0, 1, nBins + 1);
    const T = this.thetaMatrix(theta);
    const values: number[] = [];
    const weights: number[] = [];
    for await (const b of this.eventLoader({ batchSize: nEvents, end: nEvents ?? undefined })) {
      const kept = ex.apply(b.observations, b.weights, b.n);
      const B = kept.n > 0 ? kept.weights.length / kept.n : 0;
      const nb = Math.min(T.length, B);
      for (let r = 0; r < kept.n; r++) {
        values.push(get(kept.observations, r));
        let s = 0;
        for (let k = 0; k < nb; k++) s += T[k] * kept.weights[r * B + k];
        weights.push(s);
      }
      break; // the first batch only, as in Python (next(event_loader(batch_size=n_events)))
    }
    return weightedQuantile(values, quantiles, weights).slice(1, -1);
  }

  /** Sums of weights and squared weights per (flattened) bin. */
  private async fillBins(observables: string[], binnings: { boundaries: number[]; nTotal: number }[], options: CutOptions): Promise<{ sums: Float64Array; squares: Float64Array; nBins: number; B: number }> {
    const ex = this.expressions(options);
    const getters = observables.map((o) => ex.getter(o));
    const nBins = binnings.reduce((p, b) => p * b.nTotal, 1);
    const B = this.nBenchmarks;
    const sums = new Float64Array(nBins * B);
    const squares = new Float64Array(nBins * B);
    for await (const b of this.eventLoader()) {
      const kept = ex.apply(b.observations, b.weights, b.n);
      const Bw = kept.n > 0 ? kept.weights.length / kept.n : B;
      for (let r = 0; r < kept.n; r++) {
        let flatIndex = 0;
        for (let a = 0; a < getters.length; a++) {
          const i = searchsortedLeft(binnings[a].boundaries, getters[a](kept.observations, r));
          flatIndex = flatIndex * binnings[a].nTotal + Math.min(i, binnings[a].nTotal - 1);
        }
        const o = flatIndex * B;
        for (let k = 0; k < Math.min(B, Bw); k++) {
          const v = kept.weights[r * Bw + k];
          sums[o + k] += v;
          squares[o + k] += v * v;
        }
      }
    }
    return { sums, squares, nBins, B };
  }

  private binnedInformation(theta: ThetaRef, luminosity: number, sums: Float64Array, squares: Float64Array, nBins: number, B: number): InformationResult {
    const unc = squares.map(Math.sqrt);
    const acc = this.acc(theta, luminosity, true);
    acc.add(sums, nBins, B, unc);
    return this.result(acc);
  }

  /** Information in a 1D histogram (overflow bins always; equal-xsec bins without a range). */
  async histoInformation(theta: ThetaRef, options: HistoOptions): Promise<InformationResult & { binBoundaries: number[] }> {
    const binning = await this.binning(theta, options.observable, options.bins, options.histrange, options);
    const { sums, squares, nBins, B } = await this.fillBins([options.observable], [binning], options);
    return { ...this.binnedInformation(theta, options.luminosity ?? DEFAULT_LUMI, sums, squares, nBins, B), binBoundaries: binning.boundaries };
  }

  /** Information in a 2D histogram, bins flattened as i1 * n2 + i2 (no axis-size restriction). */
  async histoInformation2d(theta: ThetaRef, options: Histo2dOptions): Promise<InformationResult & { binBoundaries1: number[]; binBoundaries2: number[] }> {
    const b1 = await this.binning(theta, options.observable1, options.bins1, options.histrange1, options);
    const b2 = await this.binning(theta, options.observable2, options.bins2, options.histrange2, options);
    const { sums, squares, nBins, B } = await this.fillBins([options.observable1, options.observable2], [b1, b2], options);
    return { ...this.binnedInformation(theta, options.luminosity ?? DEFAULT_LUMI, sums, squares, nBins, B), binBoundaries1: b1.boundaries, binBoundaries2: b2.boundaries };
  }

  /** Rate and full information in slices of one observable (nbins + 2 slices with overflow). */
  async histogramOfInformation(
    theta: ThetaRef,
    options: CutOptions & { observable: string; nbins: number; histrange: [number, number]; luminosity?: number; scoreFunction?: ScoreFunction; batchSize?: number; testSplit?: number | null },
  ): Promise<HistogramOfInformationResult> {
    const L = options.luminosity ?? DEFAULT_LUMI;
    const P = this.nParameters;
    const nTotal = options.nbins + 2;
    const boundaries = linspace(options.histrange[0], options.histrange[1], options.nbins + 1);
    const ex = this.expressions(options);
    const get = ex.getter(options.observable);
    const B = this.nBenchmarks;
    const wBins = new Float64Array(nTotal * B);
    const full = new Float64Array(nTotal * P * P);
    if (!options.scoreFunction) {
      const acc = this.acc(theta, L, false);
      for await (const b of this.eventLoader()) {
        const kept = ex.apply(b.observations, b.weights, b.n);
        const Bw = kept.n > 0 ? kept.weights.length / kept.n : B;
        const per = new Float64Array(kept.n * P * P);
        acc.add(kept.weights, kept.n, Bw, null, per);
        for (let r = 0; r < kept.n; r++) {
          const i = Math.min(searchsortedLeft(boundaries, get(kept.observations, r)), nTotal - 1);
          for (let k = 0; k < Math.min(B, Bw); k++) wBins[i * B + k] += kept.weights[r * Bw + k];
          for (let q = 0; q < P * P; q++) full[i * P * P + q] += per[r * P * P + q];
        }
      }
    } else {
      const sf = options.scoreFunction;
      if (sf.nParameters !== P) throw new InputError(`the score function has ${sf.nParameters} parameters, the file ${P}`);
      const split = options.testSplit === undefined ? 0.2 : options.testSplit;
      const start = split === null || split <= 0 || split >= 1 ? 0 : pyRound((1 - split) * this.nSamples) + 1;
      const T = this.thetaMatrix(theta);
      for await (const b of this.eventLoader({ start, batchSize: options.batchSize })) {
        const kept = ex.apply(b.observations, b.weights, b.n);
        const Bw = kept.n > 0 ? kept.weights.length / kept.n : B;
        if (split !== null) for (let q = 0; q < kept.weights.length; q++) kept.weights[q] *= 1.0 / split;
        const wt = new Float64Array(kept.n);
        let total = 0;
        for (let r = 0; r < kept.n; r++) {
          let s = 0;
          for (let k = 0; k < Math.min(T.length, Bw); k++) s += T[k] * kept.weights[r * Bw + k];
          wt[r] = s;
          total += s;
        }
        const t = await sf.evaluateScore(kept.observations, kept.n, this.nObservables, Array.isArray(theta) ? theta : this.thetaValue(theta));
        const nEvents = L * total;
        for (let r = 0; r < kept.n; r++) {
          const i = Math.min(searchsortedLeft(boundaries, get(kept.observations, r)), nTotal - 1);
          for (let k = 0; k < Math.min(B, Bw); k++) wBins[i * B + k] += kept.weights[r * Bw + k];
          const f = (nEvents * wt[r]) / total;
          for (let a = 0; a < P; a++) for (let c = 0; c < P; c++) full[i * P * P + a * P + c] += f * t[r * P + a] * t[r * P + c];
        }
      }
    }
    const T = this.thetaMatrix(theta);
    const sigma: number[] = [];
    for (let i = 0; i < nTotal; i++) {
      let s = 0;
      for (let k = 0; k < Math.min(T.length, B); k++) s += T[k] * wBins[i * B + k];
      sigma.push(s);
    }
    const rateAcc = this.acc(theta, L, false);
    const ratePer = new Float64Array(nTotal * P * P);
    rateAcc.add(wBins, nTotal, B, null, ratePer);
    if (options.scoreFunction) for (let q = 0; q < full.length; q++) full[q] += ratePer[q];
    const slices = (a: Float64Array) => Array.from({ length: nTotal }, (_, i) => toMatrix(a.subarray(i * P * P, (i + 1) * P * P), P));
    return { binBoundaries: boundaries, sigmaBins: sigma, fisherInfosRate: slices(ratePer), fisherInfosFull: slices(full) };
  }

  /** Cross section and its gradient per bin of one observable (dynamic bins without a range). */
  async histogramOfSigmaDsigma(theta: ThetaRef, options: CutOptions & { observable: string; nbins: number; histrange?: [number, number] | null }): Promise<{ binBoundaries: number[]; sigmaBins: number[]; dsigmaBins: number[][] }> {
    const binning = await this.binning(theta, options.observable, options.nbins, options.histrange, options);
    const { sums, nBins, B } = await this.fillBins([options.observable], [binning], options);
    const T = this.thetaMatrix(theta, false);
    const D = this.dthetaMatrix(theta, false);
    const P = this.nParameters;
    const Bd = D.length / P;
    const sigma: number[] = [];
    const dsigma: number[][] = Array.from({ length: P }, () => []);
    for (let i = 0; i < nBins; i++) {
      let s = 0;
      for (let k = 0; k < Math.min(T.length, B); k++) s += T[k] * sums[i * B + k];
      sigma.push(s);
      for (let p = 0; p < P; p++) {
        let g = 0;
        for (let k = 0; k < Math.min(Bd, B); k++) g += D[p * Bd + k] * sums[i * B + k];
        dsigma[p].push(g);
      }
    }
    return { binBoundaries: binning.boundaries, sigmaBins: sigma, dsigmaBins: dsigma };
  }

  /**
   * Detector-level information with a learned score (SALLY):
   * I = I_rate + n_events * sum_x w(x) t(x) t(x)^T / sum w, over the weighted test split
   * (or over an unweighted sample at theta, weights uniform).
   */
  async fullInformation(
    theta: ThetaRef,
    scoreFunction: ScoreFunction,
    options: { luminosity?: number; includeXsecInfo?: boolean; unweightedX?: { x: Float64Array; n: number }; batchSize?: number; testSplit?: number | null } = {},
  ): Promise<InformationResult> {
    const L = options.luminosity ?? DEFAULT_LUMI;
    const P = this.nParameters;
    if (scoreFunction.nParameters !== P) throw new InputError(`the score function has ${scoreFunction.nParameters} parameters, the file ${P}`);
    const totalXsec = (await this.calculateXsec({ theta })).xsec[0];
    let rate: InformationResult | null = null;
    if (options.includeXsecInfo ?? true) rate = await this.rateInformation(theta, { luminosity: L });
    const kin = new Float64Array(P * P);
    const thetaValue = Array.isArray(theta) ? theta.slice() : this.thetaValue(theta);
    if (options.unweightedX) {
      const { x, n } = options.unweightedX;
      const t = await scoreFunction.evaluateScore(x, n, this.nObservables, thetaValue);
      const f = (L * totalXsec) / n;
      for (let r = 0; r < n; r++) for (let a = 0; a < P; a++) for (let c = 0; c < P; c++) kin[a * P + c] += f * t[r * P + a] * t[r * P + c];
    } else {
      const split = options.testSplit === undefined ? 0.2 : options.testSplit;
      const start = split === null || split <= 0 || split >= 1 ? 0 : pyRound((1 - split) * this.nSamples) + 1;
      const totalSum = start > 0 ? (await this.calculateXsec({ theta, startEvent: start })).xsec[0] : totalXsec;
      const T = this.thetaMatrix(theta);
      for await (const b of this.eventLoader({ start, batchSize: options.batchSize })) {
        const Bw = b.n > 0 ? b.weights.length / b.n : 0;
        const wt = new Float64Array(b.n);
        let sum = 0;
        for (let r = 0; r < b.n; r++) {
          let s = 0;
          for (let k = 0; k < Math.min(T.length, Bw); k++) s += T[k] * b.weights[r * Bw + k];
          wt[r] = s;
          sum += s;
        }
        if (b.n === 0) continue;
        const t = await scoreFunction.evaluateScore(b.observations, b.n, this.nObservables, thetaValue);
        const nEvents = (L * totalXsec * sum) / totalSum;
        for (let r = 0; r < b.n; r++) {
          const f = (nEvents * wt[r]) / sum;
          for (let a = 0; a < P; a++) for (let c = 0; c < P; c++) kin[a * P + c] += f * t[r * P + a] * t[r * P + c];
        }
      }
    }
    const info = toMatrix(kin, P);
    if (rate) for (let a = 0; a < P; a++) for (let c = 0; c < P; c++) info[a][c] += rate.information[a][c];
    const zero = toCovariance(new Float64Array(P ** 4), P);
    return { information: info, covariance: rate ? rate.covariance : zero };
  }

  /** Gaussian constraint term of the nuisance parameters: diag(0 × P, 1 × n_nuisance). */
  nuisanceConstraintInformation(nNuisance = 0): number[][] {
    const n = this.nParameters + nNuisance;
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j && i >= this.nParameters ? 1 : 0)));
  }

  /** All events with benchmark weights (theta omitted) or weights at theta. */
  async extractRawData(theta: ThetaRef | null = null) {
    return this.weightedEvents({ theta });
  }

  /** Observables and weights at several points: weights is nThetas × nEvents row-major. */
  async extractObservablesAndWeights(thetas: ThetaRef[]): Promise<{ x: Float64Array; weights: Float64Array; nEvents: number; nThetas: number }> {
    const raw = await this.weightedEvents();
    const mats = thetas.map((t) => this.thetaMatrix(t));
    const B = raw.columns;
    const w = new Float64Array(thetas.length * raw.n);
    mats.forEach((T, t) => {
      const nb = Math.min(T.length, B);
      for (let r = 0; r < raw.n; r++) {
        let s = 0;
        for (let k = 0; k < nb; k++) s += T[k] * raw.weights[r * B + k];
        w[t * raw.n + r] = s;
      }
    });
    return { x: raw.x, weights: w, nEvents: raw.n, nThetas: thetas.length };
  }

  // The seed's names.
  calculateFisherInformationFullTruth = this.truthInformation;
  calculateFisherInformationRate = this.rateInformation;
  calculateFisherInformationHist1d = this.histoInformation;
  calculateFisherInformationHist2d = this.histoInformation2d;
  histogramOfFisherInformation = this.histogramOfInformation;
  calculateFisherInformationFullDetector = this.fullInformation;
}


