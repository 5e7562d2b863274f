// MLForge: MadMiner's one-estimator facade over Estimator, with .npy file
// inputs, and the score-function adapter used for detector-level Fisher
// information (the structural ScoreFunction contract of @mm/fisher).
import { InputError } from "@mm/util";
import { Estimator, type ArrayWithShape, type RatioEvalOptions, type RatioEvaluation, type TrainOptions, type TrainingData } from "./estimator.js";
import { EnsembleForge, combineMembers } from "./ensemble.js";
import { loadModel } from "./python-model.js";
import { loadArray, trainingFiles } from "./samples.js";
import type { Method } from "./losses.js";
import type { TrainResult } from "./trainer.js";

/** The detector-level score interface (structurally identical to @mm/fisher's ScoreFunction). */
export interface ScoreFunction {
  nParameters: number;
  evaluateScore(x: Float64Array, nRows: number, nFeatures: number, theta?: number[]): Promise<Float64Array>;
}

type ArrayInput = string | ArrayWithShape;

function asArray(a: ArrayInput): ArrayWithShape {
  return typeof a === "string" ? loadArray(a) : a;
}

function asThetas(a: ArrayInput | number[][] | undefined | null): number[][] | null {
  if (!a) return null;
  if (Array.isArray(a)) return a;
  const arr = asArray(a);
  const w = arr.shape.length > 1 ? arr.shape[1] : 1;
  return Array.from({ length: arr.shape[0] }, (_, i) => Array.from({ length: w }, (_, k) => arr.data[i * w + k]));
}

/** One neural estimator with MadMiner's MLForge API (camelCased). */
export class MLForge {
  estimator: Estimator | null = null;

  private need(): Estimator {
    if (!this.estimator) throw new InputError("MLForge: no trained model (call train or load first)");
    return this.estimator;
  }

  /** Trains with `method` on arrays or on .npy paths (x, y, theta0, theta1, r_xz, t_xz0, t_xz1). */
  async train(method: Method, data: TrainingData | Partial<Record<keyof TrainingData, string>>, options: TrainOptions = {}): Promise<TrainResult> {
    const arrays: Record<string, ArrayWithShape> = {};
    for (const [k, v] of Object.entries(data)) if (v) arrays[k] = asArray(v as ArrayInput);
    if (!arrays.x) throw new InputError("MLForge.train needs x");
    const { estimator, result } = await Estimator.train(method, arrays as unknown as TrainingData, options);
    this.estimator = estimator;
    return result;
  }

  /** Trains on the sampling output `dir/{x,y,theta0,...}_NAME.npy`, streamed in chunks of `chunkSize` rows. */
  async trainFromSamples(method: Method, dir: string, name: string, options: TrainOptions & { chunkSize?: number } = {}): Promise<TrainResult> {
    const { estimator, result } = await Estimator.trainFromFiles(method, trainingFiles(dir, name, method), options);
    this.estimator = estimator;
    return result;
  }

  /** Score (sally/sallino) as nRows × P, or log r (and scores, grad_x) for ratio estimators. */
  async evaluate(x: ArrayInput, o: RatioEvalOptions & { theta0?: ArrayInput | number[][]; theta1?: ArrayInput | number[][] } = {}): Promise<{ score: Float64Array } | RatioEvaluation> {
    const e = this.need();
    const xa = asArray(x);
    const n = xa.shape[0];
    const w = xa.shape[1] ?? 1;
    const xd = Float64Array.from(xa.data);
    if (e.settings.kind === "score") return { score: await e.evaluateScore(xd, n, w) };
    const t0 = asThetas(o.theta0);
    if (!t0) throw new InputError(`evaluating a ${e.method} estimator needs theta0`);
    return e.evaluateLogRatio(xd, n, w, t0, asThetas(o.theta1), o);
  }

  /** Expected Fisher information nEvents * mean_w(t t^T) from the estimated score. */
  async calculateFisherInformation(x: ArrayInput, o: { weights?: ArrayLike<number> | null; nEvents?: number } = {}): Promise<Float64Array> {
    const xa = asArray(x);
    return this.need().calculateFisherInformation(Float64Array.from(xa.data), xa.shape[0], xa.shape[1] ?? 1, o);
  }

  save(prefix: string): void {
    this.need().save(prefix);
  }

  /** Loads an @mm/ml model or a Python MadMiner model from its file prefix. */
  load(prefix: string): void {
    this.estimator = loadModel(prefix);
  }

  /** The estimator as a score function for detector-level information. */
  scoreFunction(): ScoreFunction {
    return this.need();
  }
}

/**
 * A score function from a path: an ensemble folder (with ensemble.json), an
 * @mm/ml model prefix or a Python MadMiner model prefix. This is what
 * `mm fisher detector --model PATH` should call.
 */
export function loadScoreFunction(path: string): ScoreFunction & { ensemble: EnsembleForge | null; estimator: Estimator | null } {
  if (EnsembleForge.isEnsemble(path)) {
    const ens = EnsembleForge.load(path);
    return Object.assign(Object.create(null) as object, {
      ensemble: ens,
      estimator: null,
      nParameters: ens.nParameters,
      evaluateScore: (x: Float64Array, n: number, f: number) => ens.evaluateScore(x, n, f),
    });
  }
  const est = loadModel(path);
  return {
    ensemble: null,
    estimator: est,
    nParameters: est.nParameters,
    evaluateScore: (x, n, f, theta) => est.evaluateScore(x, n, f, theta),
  };
}

/** Detector-level information of a model path: one matrix, or an ensemble mean with covariance. */
export interface ModelInformation {
  information: number[][];
  /** P×P×P×P covariance over ensemble members (null for a single model). */
  covariance: number[][][][] | null;
  /** Per-member matrices (one entry for a single model). */
  members: number[][][];
  weights: number[];
}

/**
 * Runs `compute` (e.g. @mm/fisher's `fullInformation(theta, sf, ...)`) with the
 * score function(s) at `path` and combines ensemble members with the
 * expectation-weighted vote (weights from the saved expectations when
 * `voteExpectationWeight` is given, else equal). For `mm fisher detector`.
 */
export async function informationFromModel(
  path: string,
  compute: (sf: ScoreFunction) => Promise<ArrayLike<number> | number[][]>,
  o: { voteExpectationWeight?: number | null } = {},
): Promise<ModelInformation> {
  const flat = (m: ArrayLike<number> | number[][]): Float64Array => Float64Array.from(Array.isArray(m) && Array.isArray(m[0]) ? (m as number[][]).flat() : (m as ArrayLike<number>));
  const loaded = loadScoreFunction(path);
  const members = loaded.ensemble ? (loaded.ensemble.estimators as Estimator[]) : [loaded.estimator as Estimator];
  const infos: Float64Array[] = [];
  for (const m of members) infos.push(flat(await compute(m)));
  const P = Math.round(Math.sqrt(infos[0].length));
  const mat = (a: ArrayLike<number>) => Array.from({ length: P }, (_, i) => Array.from({ length: P }, (_, j) => a[i * P + j]));
  if (!loaded.ensemble) return { information: mat(infos[0]), covariance: null, members: [mat(infos[0])], weights: [1] };
  if (o.voteExpectationWeight != null && !loaded.ensemble.expectations) {
    throw new InputError(
      `${path}: the expectation-weighted vote needs each member's expected score, and this ensemble has none. ` +
        `Compute them when training (mm ensemble train ... --expectation-x X_REF.npy, a sample at the reference point) or with EnsembleForge.calculateExpectation, or drop the vote weight for equal weights.`,
    );
  }
  const w = loaded.ensemble.weights(o.voteExpectationWeight ?? null);
  const c = combineMembers(infos, w);
  const L = P * P;
  const covariance = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => Array.from({ length: P }, (_, i) => Array.from({ length: P }, (_, j) => c.covariance[(a * P + b) * L + i * P + j]))));
  return { information: mat(c.mean), covariance, members: infos.map(mat), weights: Array.from(w) };
}
