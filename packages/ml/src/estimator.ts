// A trained (or trainable) neural estimator: the network spec, input
// scaling, parameter values, training and batched evaluation through
// onnxruntime, Fisher information, save/load (settings JSON + ONNX model).
import { existsSync, readFileSync } from "node:fs";
import { onnxProto } from "./proto.js";
import { FormatError, InputError, writeFileAtomicSync } from "@mm/util";
import { Graph } from "./graph.js";
import { serializeGraph } from "./serialize.js";
import { Session, type GraphSession } from "./runtime.js";
import { buildForward, mlpSpec, type EstimatorKind, type NetworkSpec, type Scaling, type ScoreMode } from "./network.js";
import { mlpParameterShapes, type Activation } from "./mlp.js";
import type { Method } from "./losses.js";
import type { TrainLoopOptions, TrainResult } from "./trainer.js";
import { select } from "./arrays.js";
import { trainEstimator, trainEstimatorFromFiles } from "./training.js";


/** A numeric array with a row-major shape (what readNpy returns). */
export interface ArrayWithShape {
  data: ArrayLike<number>;
  shape: number[];
}

/** Training arrays, named as MadMiner's sampling files. */
export interface TrainingData {
  x: ArrayWithShape;
  y?: ArrayWithShape;
  theta0?: ArrayWithShape;
  theta1?: ArrayWithShape;
  r_xz?: ArrayWithShape;
  t_xz0?: ArrayWithShape;
  t_xz1?: ArrayWithShape;
}

/** Architecture and loss options of {@link Estimator.train}. */
export interface TrainOptions extends TrainLoopOptions {
  features?: number[] | null;
  nHidden?: number[];
  activation?: Activation;
  alpha?: number;
  scaleInputs?: boolean;
  gradXRegularization?: number | null;
  /** How the score term is differentiated inside the loss (default "reverse"). */
  scoreMode?: ScoreMode;
}

/** Everything needed to rebuild an estimator besides its weights. */
export interface EstimatorSettings {
  format: "mm-ml-1";
  method: Method;
  kind: EstimatorKind;
  /** Observables in the files the estimator reads (before feature selection). */
  nObservables: number;
  nParameters: number;
  features: number[] | null;
  nHidden: number[];
  activation: Activation;
  /** Scaling inside the exported graph (our models). */
  scaling: Scaling | null;
  /** Scaling applied in float64 before a float32 graph (imported Python models; one entry per observable, before feature selection). */
  externalScaling?: Scaling | null;
  alpha?: number;
  /** How the model was trained; bestEpoch is the kept epoch's number (1-based). */
  training?: { trainLosses: number[]; valLosses: (number | null)[]; bestEpoch: number; seed: number; options: Record<string, unknown> };
}

/** Options of {@link Estimator.evaluateLogRatio}. */
export interface RatioEvalOptions {
  testAllCombinations?: boolean;
  evaluateScore?: boolean;
  returnGradX?: boolean;
}

/** Ratio evaluation result; with testAllCombinations arrays are (nThetas, nX[, P]) flattened. */
export interface RatioEvaluation {
  logR: Float64Array;
  score0: Float64Array | null;
  score1: Float64Array | null;
  gradX: Float64Array | null;
  shape: number[];
}

// Rows per onnxruntime call: a few thousand keep the activations in cache (measured faster than 10k-100k).
const EVAL_BATCH = 4096;

/** A neural estimator of the score or the log likelihood ratio. */
export class Estimator {
  private sessions = new Map<string, Promise<{ session: GraphSession; outputs: string[] }>>();

  constructor(readonly settings: EstimatorSettings, readonly params: Map<string, Float32Array>) {
    for (const p of mlpParameterShapes(mlpSpec(this.spec))) {
      const v = params.get(p.name);
      const size = p.shape.reduce((a, b) => a * b, 1);
      if (!v || v.length !== size) throw new FormatError(`estimator parameter '${p.name}' is missing or has ${v?.length ?? 0} values instead of ${size}`);
    }
  }

  /** The network architecture. */
  get spec(): NetworkSpec {
    const s = this.settings;
    return { kind: s.kind, nObservables: s.features ? s.features.length : s.nObservables, nParameters: s.nParameters, nHidden: s.nHidden, activation: s.activation };
  }

  /** Number of parameters (the ScoreFunction contract of @mm/fisher). */
  get nParameters(): number {
    return this.settings.nParameters;
  }

  get method(): Method {
    return this.settings.method;
  }

  /** Trains a new estimator with MadMiner's `method` on the given arrays (see training.ts). */
  static async train(method: Method, data: TrainingData, o: TrainOptions = {}): Promise<{ estimator: Estimator; result: TrainResult }> {
    return trainEstimator(method, data, o);
  }

  /** Trains from .npy files streamed in chunks of `chunkSize` rows (see training.ts). */
  static async trainFromFiles(method: Method, files: Partial<Record<keyof TrainingData, string>>, o: TrainOptions & { chunkSize?: number } = {}): Promise<{ estimator: Estimator; result: TrainResult }> {
    return trainEstimatorFromFiles(method, files, o);
  }

  /** The forward graph with the requested outputs (raw inputs; scaling inside when the model has it). */
  buildGraph(outputs: ("output" | "score0" | "score1" | "gradX")[], dtype: "float32" | "float64" = "float32"): { graph: Graph; names: string[] } {
    const g = new Graph(dtype);
    const f = buildForward(g, this.spec, this.settings.scaling, { withScore: outputs.includes("score0") || outputs.includes("score1"), withGradX: outputs.includes("gradX") });
    const names = outputs.map((o) => {
      const t = f[o];
      if (!t) throw new InputError(`this ${this.settings.kind} estimator has no output '${o}'`);
      return t;
    });
    const publicNames: Record<string, string> = { output: this.settings.kind === "score" ? "t_hat" : "log_r_hat", score0: this.settings.kind === "double_parameterized_ratio" ? "t_hat0" : "t_hat", score1: "t_hat1", gradX: "grad_x" };
    const named = outputs.map((o, k) => g.output(g.identity(names[k], publicNames[o])));
    return { graph: g, names: named };
  }

  /** The standard ONNX model of this estimator (weights as initializers). */
  toOnnx(): Uint8Array {
    const outs: ("output" | "score0" | "score1" | "gradX")[] = ["output"];
    if (this.settings.kind === "parameterized_ratio") outs.push("score0", "gradX");
    if (this.settings.kind === "double_parameterized_ratio") outs.push("score0", "score1", "gradX");
    const { graph } = this.buildGraph(outs);
    const s = this.settings;
    const D = this.spec.nObservables;
    const P = s.nParameters;
    const docs: Record<string, string> = {
      x: `(N, ${D}) raw observables${s.features ? ` (columns ${s.features.join(",")} of the ${s.nObservables} observables)` : ""}, float32; scaling (x - mean) / std is inside the graph`,
      theta: `(N, ${P}) numerator parameter point theta0`,
      theta0: `(N, ${P}) numerator parameter point`,
      theta1: `(N, ${P}) denominator parameter point`,
      t_hat: s.kind === "score" ? `(N, ${P}) estimated score t(x | theta_ref)` : `(N, ${P}) estimated score at theta0, d log r / d theta0`,
      t_hat0: `(N, ${P}) estimated score at theta0`,
      t_hat1: `(N, ${P}) estimated score at theta1, -d log r / d theta1`,
      log_r_hat: "(N, 1) estimated log r(x | theta0, theta1)",
      grad_x: `(N, ${D}) d log r / d x`,
    };
    const { training: _t, ...meta } = s;
    return serializeGraph(graph, {
      paramValues: this.params,
      name: `mm_${s.method}`,
      doc: `@mm/ml ${s.method} estimator (${s.kind}); hidden ${JSON.stringify(s.nHidden)} ${s.activation}`,
      valueDocs: docs,
      metadata: { mm_settings: JSON.stringify(meta) },
    });
  }

  private session(outputs: ("output" | "score0" | "score1" | "gradX")[]) {
    const key = outputs.join(",");
    let s = this.sessions.get(key);
    if (!s) {
      const { graph, names } = this.buildGraph(outputs);
      s = Session.create(serializeGraph(graph, { paramValues: this.params })).then((session) => ({ session, outputs: names }));
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Prepares network input rows [from, to) of x (feature selection, external scaling). */
  private xRows(x: ArrayLike<number>, nFeatures: number, from: number, to: number): Float32Array {
    const s = this.settings;
    if (nFeatures !== s.nObservables) throw new InputError(`x has ${nFeatures} columns but the estimator was trained on ${s.nObservables} observables`);
    const ext = s.externalScaling;
    if (!ext) return select(x, to - from + from, nFeatures, s.features, from, to);
    const idx = s.features ?? Array.from({ length: nFeatures }, (_, i) => i);
    const out = new Float32Array((to - from) * idx.length);
    let k = 0;
    // MadMiner scales all observables, then selects the features.
    for (let i = from; i < to; i++) for (const c of idx) out[k++] = (x[i * nFeatures + c] - ext.xMeans[c]) / ext.xStds[c];
    return out;
  }

  /**
   * The estimated score: t^(x) for SALLY/SALLINO estimators, or
   * d log r / d theta0 at `theta` for ratio estimators. Returns nRows × P.
   */
  async evaluateScore(x: ArrayLike<number>, nRows: number, nFeatures: number, theta?: number[]): Promise<Float64Array> {
    return (await this.evaluateScoreWithGradX(x, nRows, nFeatures, theta, false)).score;
  }

  /**
   * The estimated score and, with `returnGradX`, its Jacobian d t / d x
   * (nRows × P × D) for score estimators (d log r / d x is in evaluateLogRatio).
   */
  async evaluateScoreWithGradX(x: ArrayLike<number>, nRows: number, nFeatures: number, theta?: number[], returnGradX = true): Promise<{ score: Float64Array; gradX: Float64Array | null }> {
    const P = this.settings.nParameters;
    const out = new Float64Array(nRows * P);
    if (this.settings.kind === "score") {
      const D = this.spec.nObservables;
      const gradX = returnGradX ? new Float64Array(nRows * P * D) : null;
      const { session, outputs } = await this.session(returnGradX ? ["output", "gradX"] : ["output"]);
      for (let s = 0; s < nRows; s += EVAL_BATCH) {
        const e = Math.min(nRows, s + EVAL_BATCH);
        const res = await session.run({ x: { data: this.xRows(x, nFeatures, s, e), dims: [e - s, D] } });
        out.set(res[outputs[0]].data, s * P);
        if (gradX) gradX.set(res[outputs[1]].data, s * P * D);
      }
      return { score: out, gradX };
    }
    if (!theta) throw new InputError(`evaluateScore of a ${this.settings.method} estimator needs theta (the parameter point of the score)`);
    const ev = await this.evaluateLogRatio(x, nRows, nFeatures, [theta], theta, { testAllCombinations: true, evaluateScore: true, returnGradX });
    return { score: ev.score0 as Float64Array, gradX: ev.gradX };
  }

  /** Estimated log r(x | theta0[, theta1]) and optionally scores and grad_x. */
  async evaluateLogRatio(x: ArrayLike<number>, nRows: number, nFeatures: number, theta0: number[][], theta1: number[][] | number[] | null = null, o: RatioEvalOptions = {}): Promise<RatioEvaluation> {
    const s = this.settings;
    if (s.kind === "score") throw new InputError(`a ${s.method} estimator estimates the score, not log r: use evaluateScore`);
    const P = s.nParameters;
    const dbl = s.kind === "double_parameterized_ratio";
    const all = o.testAllCombinations ?? true;
    const t1list: number[][] | null = theta1 === null ? null : Array.isArray(theta1[0]) ? (theta1 as number[][]) : [theta1 as number[]];
    if (dbl && !t1list) throw new InputError(`a ${s.method} estimator needs theta1`);
    const outputs: ("output" | "score0" | "score1" | "gradX")[] = ["output"];
    if (o.evaluateScore) outputs.push("score0", ...(dbl ? (["score1"] as const) : []));
    if (o.returnGradX) outputs.push("gradX");
    const { session, outputs: names } = await this.session(outputs);
    const D = this.spec.nObservables;
    const nTheta = all ? theta0.length : 1;
    if (!all && theta0.length !== nRows) throw new InputError(`testAllCombinations=false (mm evaluate --pairs) needs one theta0 per x row (${theta0.length} thetas, ${nRows} rows)`);
    const total = nTheta * nRows;
    const logR = new Float64Array(total);
    const score0 = o.evaluateScore ? new Float64Array(total * P) : null;
    const score1 = o.evaluateScore && dbl ? new Float64Array(total * P) : null;
    const gradX = o.returnGradX ? new Float64Array(total * D) : null;
    for (let t = 0; t < nTheta; t++) {
      for (let st = 0; st < nRows; st += EVAL_BATCH) {
        const e = Math.min(nRows, st + EVAL_BATCH);
        const m = e - st;
        const th0 = new Float32Array(m * P);
        const th1 = new Float32Array(m * P);
        for (let i = 0; i < m; i++) {
          const a = all ? theta0[t] : theta0[st + i];
          const b = t1list ? (all ? t1list[Math.min(t, t1list.length - 1)] : t1list[t1list.length === 1 ? 0 : st + i]) : null;
          for (let k = 0; k < P; k++) {
            th0[i * P + k] = a[k];
            if (b) th1[i * P + k] = b[k];
          }
        }
        const feeds: Record<string, { data: Float32Array; dims: number[] }> = { x: { data: this.xRows(x, nFeatures, st, e), dims: [m, D] } };
        if (dbl) {
          feeds.theta0 = { data: th0, dims: [m, P] };
          feeds.theta1 = { data: th1, dims: [m, P] };
        } else feeds.theta = { data: th0, dims: [m, P] };
        const res = await session.run(feeds);
        const base = t * nRows + st;
        let k = 0;
        logR.set(res[names[k++]].data, base);
        if (score0) score0.set(res[names[k++]].data, base * P);
        if (score1) score1.set(res[names[k++]].data, base * P);
        if (gradX) gradX.set(res[names[k++]].data, base * D);
      }
    }
    return { logR, score0, score1, gradX, shape: all ? [nTheta, nRows] : [nRows] };
  }

  /**
   * Expected Fisher information from the estimated score (SALLY/SALLINO):
   * I_ij = nEvents * sum_n w_n t_i(x_n) t_j(x_n) / sum_n w_n. Returns P × P.
   */
  async calculateFisherInformation(x: ArrayLike<number>, nRows: number, nFeatures: number, o: { weights?: ArrayLike<number> | null; nEvents?: number } = {}): Promise<Float64Array> {
    if (this.settings.kind !== "score") throw new InputError(`calculateFisherInformation needs a sally or sallino estimator, this one is ${this.settings.method}`);
    const t = await this.evaluateScore(x, nRows, nFeatures);
    return fisherFromScores(t, nRows, this.settings.nParameters, o.weights ?? null, o.nEvents ?? 1);
  }

  /** Releases the cached onnxruntime sessions (they are recreated on demand). */
  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).session.release();
  }

  /** Saves `<prefix>_settings.json` and `<prefix>.onnx` (atomically). */
  save(prefix: string): void {
    writeFileAtomicSync(`${prefix}.onnx`, this.toOnnx());
    writeFileAtomicSync(`${prefix}_settings.json`, JSON.stringify(this.settings, null, 1) + "\n");
  }

  /** Loads an estimator saved by {@link save}. */
  static load(prefix: string): Estimator {
    const sfile = `${prefix}_settings.json`;
    const mfile = `${prefix}.onnx`;
    if (!existsSync(sfile) || !existsSync(mfile)) throw new InputError(`no @mm/ml model at '${prefix}': expected ${sfile} and ${mfile}`);
    let settings: EstimatorSettings;
    try {
      settings = JSON.parse(readFileSync(sfile, "utf8")) as EstimatorSettings;
    } catch (err) {
      throw new FormatError(`not valid JSON (${(err as Error).message})`, sfile);
    }
    if (settings.format !== "mm-ml-1") throw new FormatError(`unknown model format '${String(settings.format)}' (expected mm-ml-1)`, sfile);
    const model = onnxProto().ModelProto.decode(readFileSync(mfile));
    const params = new Map<string, Float32Array>();
    for (const t of model.graph?.initializer ?? []) {
      if (!t.name || !t.name.startsWith("layers.")) continue;
      const raw = t.rawData as Uint8Array;
      params.set(t.name, new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)));
    }
    return new Estimator(settings, params);
  }
}

/** I = nEvents * sum_n w_n t_n t_n^T / sum_n w_n for scores t (nRows × P). */
export function fisherFromScores(t: ArrayLike<number>, nRows: number, P: number, weights: ArrayLike<number> | null, nEvents: number): Float64Array {
  const info = new Float64Array(P * P);
  let wsum = 0;
  for (let n = 0; n < nRows; n++) {
    const w = weights ? weights[n] : 1;
    wsum += w;
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) info[i * P + j] += w * t[n * P + i] * t[n * P + j];
  }
  for (let k = 0; k < P * P; k++) info[k] *= nEvents / wsum;
  return info;
}
