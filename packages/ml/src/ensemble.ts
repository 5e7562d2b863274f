// EnsembleForge: several estimators of the same quantity combined with the
// expectation-weighted vote, weights softmax(-beta |E[f_i]|) where E[f_i] is
// member i's expected score (ideally 0) on a validation sample (MATH.md 4).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FormatError, InputError, writeFileAtomicSync } from "@mm/util";
import { Estimator, fisherFromScores, type TrainOptions, type TrainingData } from "./estimator.js";
import type { Method } from "./losses.js";
import type { TrainResult } from "./trainer.js";
import { loadModel } from "./python-model.js";

/** Ensemble mean and covariance of a vector quantity. */
export interface EnsembleEstimate {
  mean: Float64Array;
  /** Covariance over members: (len × len) row-major. */
  covariance: Float64Array;
}

/**
 * Weighted mean and unbiased weighted covariance of member values
 * (each of length L): cov = sum w_i (v_i - m)(v_i - m)^T / (1 - sum w_i^2), weights normalised.
 */
export function combineMembers(values: ArrayLike<number>[], weights: ArrayLike<number>): EnsembleEstimate {
  const K = values.length;
  const L = values[0].length;
  let wsum = 0;
  for (let k = 0; k < K; k++) wsum += weights[k];
  const w = Array.from({ length: K }, (_, k) => weights[k] / wsum);
  const mean = new Float64Array(L);
  for (let k = 0; k < K; k++) for (let i = 0; i < L; i++) mean[i] += w[k] * values[k][i];
  const covariance = new Float64Array(L * L);
  const denom = 1 - w.reduce((a, b) => a + b * b, 0);
  if (K > 1 && denom > 0) {
    for (let k = 0; k < K; k++)
      for (let i = 0; i < L; i++) {
        const di = values[k][i] - mean[i];
        for (let j = 0; j < L; j++) covariance[i * L + j] += (w[k] * di * (values[k][j] - mean[j])) / denom;
      }
  }
  return { mean, covariance };
}

/** Vote weights softmax(-beta |E_i|) from member expectations (equal weights when beta or expectations are missing). */
export function voteWeights(expectations: number[][] | null, beta: number | null, K: number): Float64Array {
  if (!expectations || beta === null || beta === undefined) return new Float64Array(K).fill(1 / K);
  const norms = expectations.map((e) => Math.sqrt(e.reduce((a, b) => a + b * b, 0)));
  const m = Math.min(...norms.map((n) => beta * n));
  const ws = norms.map((n) => Math.exp(-(beta * n - m)));
  const s = ws.reduce((a, b) => a + b, 0);
  return Float64Array.from(ws, (v) => v / s);
}

/** An ensemble of score (SALLY/SALLINO) estimators; also usable as a score function. */
export class EnsembleForge {
  estimators: (Estimator | null)[] = [];
  /** Per-member expected score from {@link calculateExpectation}. */
  expectations: number[][] | null = null;

  constructor(estimators: (Estimator | null)[] | number = []) {
    this.estimators = typeof estimators === "number" ? new Array(estimators).fill(null) : [...estimators];
  }

  /** Appends an (untrained: null) estimator. */
  addEstimator(estimator: Estimator | null = null): void {
    this.estimators.push(estimator);
    this.expectations = null;
  }

  get nEstimators(): number {
    return this.estimators.length;
  }

  private trained(): Estimator[] {
    return this.estimators.map((e, i) => {
      if (!e) throw new InputError(`ensemble member ${i} is not trained yet (trainOne/trainAll)`);
      return e;
    });
  }

  get nParameters(): number {
    return this.trained()[0].nParameters;
  }

  /** Trains member i (seed defaults to 1000 + i so that members differ). */
  async trainOne(i: number, method: Method, data: TrainingData, options: TrainOptions = {}): Promise<TrainResult> {
    if (i < 0 || i >= this.estimators.length) throw new InputError(`estimator index ${i} is outside 0..${this.estimators.length - 1}`);
    const { estimator, result } = await Estimator.train(method, data, { ...options, seed: options.seed !== undefined ? options.seed + i : 1000 + i });
    this.estimators[i] = estimator;
    this.expectations = null;
    return result;
  }

  /** Trains every member (same data, seeds seed+i). */
  async trainAll(method: Method, data: TrainingData, options: TrainOptions & { onMember?: (i: number) => void } = {}): Promise<TrainResult[]> {
    const out: TrainResult[] = [];
    for (let i = 0; i < this.estimators.length; i++) {
      options.onMember?.(i);
      out.push(await this.trainOne(i, method, data, options));
    }
    return out;
  }

  /** Expected estimated score of each member on x (sampled at the reference point): ideally 0. */
  async calculateExpectation(x: Float64Array, nRows: number, nFeatures: number): Promise<number[][]> {
    const ests = this.trained();
    this.expectations = [];
    for (const e of ests) {
      if (e.settings.kind !== "score") throw new InputError("EnsembleForge supports SALLY/SALLINO (score) estimators");
      const t = await e.evaluateScore(x, nRows, nFeatures);
      const P = e.nParameters;
      const m = new Array(P).fill(0);
      for (let n = 0; n < nRows; n++) for (let k = 0; k < P; k++) m[k] += t[n * P + k] / nRows;
      this.expectations.push(m);
    }
    return this.expectations;
  }

  /** Member weights for a vote with expectation weight beta (null: committee, equal weights). */
  weights(beta: number | null = null): Float64Array {
    return voteWeights(this.expectations, beta, this.estimators.length);
  }

  /** Ensemble score: per-row mean (nRows × P) and per-row covariance (nRows × P × P). */
  async evaluate(x: Float64Array, nRows: number, nFeatures: number, o: { voteExpectationWeight?: number | null } = {}): Promise<{ mean: Float64Array; covariance: Float64Array; members: Float64Array[] }> {
    const ests = this.trained();
    const members = [];
    for (const e of ests) members.push(await e.evaluateScore(x, nRows, nFeatures));
    const w = this.weights(o.voteExpectationWeight ?? null);
    const P = ests[0].nParameters;
    const mean = new Float64Array(nRows * P);
    const covariance = new Float64Array(nRows * P * P);
    for (let n = 0; n < nRows; n++) {
      const c = combineMembers(members.map((m) => m.subarray(n * P, n * P + P)), w);
      mean.set(c.mean, n * P);
      covariance.set(c.covariance, n * P * P);
    }
    return { mean, covariance, members };
  }

  /** ScoreFunction contract: the (expectation-weighted if available) ensemble mean score. */
  async evaluateScore(x: Float64Array, nRows: number, nFeatures: number): Promise<Float64Array> {
    return (await this.evaluate(x, nRows, nFeatures, { voteExpectationWeight: this.expectations ? 1 : null })).mean;
  }

  /**
   * Fisher information of each member, combined: mean (P × P) and the
   * covariance of its entries (P×P × P×P, MadMiner's 4-index layout).
   */
  async calculateFisherInformation(x: Float64Array, nRows: number, nFeatures: number, o: { weights?: ArrayLike<number> | null; nEvents?: number; voteExpectationWeight?: number | null } = {}): Promise<EnsembleEstimate & { members: Float64Array[] }> {
    const ests = this.trained();
    const infos: Float64Array[] = [];
    for (const e of ests) {
      const t = await e.evaluateScore(x, nRows, nFeatures);
      infos.push(fisherFromScores(t, nRows, e.nParameters, o.weights ?? null, o.nEvents ?? 1));
    }
    return { ...combineMembers(infos, this.weights(o.voteExpectationWeight ?? null)), members: infos };
  }

  /** Saves `folder/ensemble.json` and every member as `folder/estimator_i`. */
  save(folder: string): void {
    const ests = this.trained();
    mkdirSync(folder, { recursive: true });
    ests.forEach((e, i) => e.save(join(folder, `estimator_${i}`)));
    writeFileAtomicSync(join(folder, "ensemble.json"), JSON.stringify({ format: "mm-ensemble-1", nEstimators: ests.length, expectations: this.expectations }, null, 1) + "\n");
  }

  /** Loads an ensemble saved by {@link save}. */
  static load(folder: string): EnsembleForge {
    const f = join(folder, "ensemble.json");
    if (!existsSync(f)) throw new InputError(`no ensemble at '${folder}' (expected ${f})`);
    const meta = JSON.parse(readFileSync(f, "utf8")) as { format?: string; nEstimators: number; expectations: number[][] | null };
    if (meta.format !== "mm-ensemble-1") throw new FormatError(`unknown ensemble format '${String(meta.format)}'`, f);
    const ens = new EnsembleForge(Array.from({ length: meta.nEstimators }, (_, i) => loadModel(join(folder, `estimator_${i}`))));
    ens.expectations = meta.expectations;
    return ens;
  }

  /** True when `folder` holds an ensemble. */
  static isEnsemble(folder: string): boolean {
    return existsSync(join(folder, "ensemble.json"));
  }
}
