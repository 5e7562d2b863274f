// Training an Estimator: input scaling, parameter initialisation and the
// training loop, from arrays in memory or from .npy files streamed in chunks.
import { InputError, RandomState } from "@mm/util";
import { Graph } from "./graph.js";
import { buildForward, mlpSpec, type EstimatorKind, type NetworkSpec, type Scaling } from "./network.js";
import { initMLP } from "./mlp.js";
import { buildLoss, kindOf, requiredData, type Method } from "./losses.js";
import { inMemoryData, trainLoop, type ChunkedData, type Column, type TrainResult } from "./trainer.js";
import { NpyRows } from "./npy-rows.js";
import { rows, select, width } from "./arrays.js";
import { Estimator, type ArrayWithShape, type EstimatorSettings, type TrainOptions, type TrainingData } from "./estimator.js";

/** Trains a new estimator with MadMiner's `method` on the given arrays. */
export async function trainEstimator(method: Method, data: TrainingData, o: TrainOptions = {}): Promise<{ estimator: Estimator; result: TrainResult }> {
  const kind = kindOf(method);
  const n = rows(data.x);
  for (const key of requiredData(method)) {
    const a = data[key];
    if (!a) throw new InputError(`method '${method}' needs ${key} (e.g. ${key}_train.npy from the sampling step)`);
    if (rows(a) !== n) throw new InputError(`${key} has ${rows(a)} rows but x has ${n}`);
  }
  const nObservables = width(data.x);
  const features = checkFeatures(o.features ?? null, nObservables);
  const nParameters = kind === "score" ? width(data.t_xz0!) : width(data.theta0!);
  let scaling: Scaling | null = null;
  if (o.scaleInputs ?? true) {
    const xs = columnStats(data.x, features);
    scaling = { xMeans: xs.means, xStds: xs.stds };
    if (kind !== "score") {
      const ts = columnStats(data.theta0!, null);
      Object.assign(scaling, thetaScaling(ts));
    }
  }
  const columns: Record<string, Column> = { x: { data: select(data.x.data, n, nObservables, features), width: features ? features.length : nObservables } };
  for (const [key, name] of inputNames(kind)) {
    const a = data[key];
    if (a) columns[name] = { data: Float32Array.from(a.data), width: width(a) };
  }
  return fit(method, { nObservables, nParameters, features, scaling }, inMemoryData(columns, n), o);
}

/**
 * Trains from .npy files streamed in chunks of `chunkSize` rows (default
 * 1,000,000), so that the sample need not fit in memory; chunks are
 * shuffled internally and their order is shuffled every epoch.
 */
export async function trainEstimatorFromFiles(method: Method, files: Partial<Record<keyof TrainingData, string>>, o: TrainOptions & { chunkSize?: number } = {}): Promise<{ estimator: Estimator; result: TrainResult }> {
  const kind = kindOf(method);
  if (!files.x) throw new InputError("training needs the x file");
  const open: Partial<Record<keyof TrainingData, NpyRows>> = { x: NpyRows.open(files.x) };
  try {
    const n = open.x!.nRows;
    for (const key of requiredData(method)) {
      const f = files[key];
      if (!f) throw new InputError(`method '${method}' needs the ${key} file`);
      const r = NpyRows.open(f);
      open[key] = r;
      if (r.nRows !== n) throw new InputError(`${f} has ${r.nRows} rows but ${files.x} has ${n}`);
    }
    const nObservables = open.x!.width;
    const features = checkFeatures(o.features ?? null, nObservables);
    const nParameters = kind === "score" ? open.t_xz0!.width : open.theta0!.width;
    const chunk = Math.max(1, Math.floor(o.chunkSize ?? 1_000_000));
    let scaling: Scaling | null = null;
    if (o.scaleInputs ?? true) {
      const xs = streamStats(open.x!, features, chunk);
      scaling = { xMeans: xs.means, xStds: xs.stds };
      if (kind !== "score") {
        const ts = streamStats(open.theta0!, null, chunk);
        Object.assign(scaling, thetaScaling(ts));
      }
    }
    const source = {
      n,
      nChunks: Math.ceil(n / chunk),
      range: (c: number): [number, number] => [c * chunk, Math.min(n, (c + 1) * chunk)],
      load: async (c: number) => {
        const a = c * chunk;
        const b = Math.min(n, a + chunk);
        const cols: Record<string, Column> = { x: { data: open.x!.read(a, b, features), width: features ? features.length : nObservables } };
        for (const [key, name] of inputNames(kind)) {
          const r = open[key];
          if (r) cols[name] = { data: r.read(a, b), width: r.width };
        }
        return cols;
      },
    };
    return await fit(method, { nObservables, nParameters, features, scaling }, source, o);
  } finally {
    for (const r of Object.values(open)) r?.close();
  }
}

async function fit(method: Method, meta: { nObservables: number; nParameters: number; features: number[] | null; scaling: Scaling | null }, source: ChunkedData, o: TrainOptions): Promise<{ estimator: Estimator; result: TrainResult }> {
  const kind = kindOf(method);
  const seed = o.seed ?? 0;
  const settings: EstimatorSettings = {
    format: "mm-ml-1",
    method,
    kind,
    nObservables: meta.nObservables,
    nParameters: meta.nParameters,
    features: meta.features,
    nHidden: o.nHidden ?? [100, 100],
    activation: o.activation ?? "tanh",
    scaling: meta.scaling,
    alpha: o.alpha ?? 1,
  };
  const spec: NetworkSpec = { kind, nObservables: meta.features ? meta.features.length : meta.nObservables, nParameters: meta.nParameters, nHidden: settings.nHidden, activation: settings.activation };
  const params = initMLP(mlpSpec(spec), new RandomState(seed));
  const score = requiredData(method).includes("t_xz0") && kind !== "score";
  const build = (g: Graph) => {
    const f = buildForward(g, spec, meta.scaling, { withScore: score, withGradX: !!o.gradXRegularization, scoreMode: o.scoreMode });
    return buildLoss(g, method, f, meta.nParameters, { alpha: o.alpha, gradXRegularization: o.gradXRegularization });
  };
  const result = await trainLoop(build, params, source, source.n, { ...o, seed });
  const { onEpoch: _cb, ...rest } = o;
  // In the saved settings the best epoch is an epoch number (1-based, as printed during training).
  settings.training = { ...result, bestEpoch: result.bestEpoch + 1, seed, options: rest as Record<string, unknown> };
  return { estimator: new Estimator(settings, params), result };
}

function columnStats(a: ArrayWithShape, cols: number[] | null): { means: number[]; stds: number[] } {
  const n = rows(a);
  const w = width(a);
  const idx = cols ?? Array.from({ length: w }, (_, i) => i);
  const means: number[] = [];
  const stds: number[] = [];
  for (const c of idx) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a.data[i * w + c];
    const m = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (a.data[i * w + c] - m) ** 2;
    means.push(m);
    stds.push(Math.max(Math.sqrt(v / n), 1e-6));
  }
  return { means, stds };
}

/** Theta scaling; a component that is constant in the training sample is left unscaled. */
function thetaScaling(ts: { means: number[]; stds: number[] }): { thetaMeans: number[]; thetaStds: number[] } {
  const constant = ts.stds.map((s) => s <= 1e-6);
  return { thetaMeans: ts.means.map((m, k) => (constant[k] ? 0 : m)), thetaStds: ts.stds.map((s, k) => (constant[k] ? 1 : s)) };
}

function checkFeatures(features: number[] | null, nObservables: number): number[] | null {
  if (features) for (const f of features) if (!(Number.isInteger(f) && f >= 0 && f < nObservables)) throw new InputError(`features: index ${f} is outside 0..${nObservables - 1}`);
  return features;
}

/** Training-array key → graph input name for a network kind. */
function inputNames(kind: EstimatorKind): [keyof TrainingData, string][] {
  const theta: [keyof TrainingData, string][] = kind === "parameterized_ratio" ? [["theta0", "theta"]] : kind === "double_parameterized_ratio" ? [["theta0", "theta0"], ["theta1", "theta1"]] : [];
  return [...theta, ["y", "y"], ["r_xz", "r_xz"], ["t_xz0", "t_xz0"], ["t_xz1", "t_xz1"]];
}

/** Column means and population stds (floored at 1e-6) streamed over chunks. */
function streamStats(r: NpyRows, cols: number[] | null, chunk: number): { means: number[]; stds: number[] } {
  const idx = cols ?? Array.from({ length: r.width }, (_, i) => i);
  const k = idx.length;
  const shift = new Float64Array(k);
  const s1 = new Float64Array(k);
  const s2 = new Float64Array(k);
  const n = r.nRows;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const d = r.read(a, b, idx);
    if (a === 0) for (let j = 0; j < k; j++) shift[j] = d[j];
    for (let i = 0; i < b - a; i++)
      for (let j = 0; j < k; j++) {
        const v = d[i * k + j] - shift[j];
        s1[j] += v;
        s2[j] += v * v;
      }
  }
  const means = Array.from(s1, (s, j) => shift[j] + s / n);
  const stds = Array.from(s1, (s, j) => Math.max(Math.sqrt(Math.max(0, s2[j] / n - (s / n) ** 2)), 1e-6));
  return { means, stds };
}
