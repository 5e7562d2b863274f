// The training loop: a training-step graph (loss and its gradients w.r.t. all
// parameters as outputs) and a validation graph (loss only) run in
// onnxruntime; the optimiser, the learning-rate schedule, shuffling,
// validation split and early stopping live here in JS.
import { InputError, NumericalError, RandomState } from "@mm/util";
import { Graph } from "./graph.js";
import { gradients } from "./autodiff.js";
import { serializeGraph } from "./serialize.js";
import { Session, type Feed } from "./runtime.js";
import { learningRate, makeOptimizer, type TrainerName } from "./optimizer.js";

/** One named training array: n rows of `width` float32 values. */
export interface Column {
  data: Float32Array;
  width: number;
}

/** Options of the training loop (MadMiner's names, camelCased). */
export interface TrainLoopOptions {
  trainer?: TrainerName;
  nesterovMomentum?: number | null;
  nEpochs?: number;
  batchSize?: number;
  initialLr?: number;
  finalLr?: number;
  /** Fraction used for validation (null: none, and no early stopping). */
  validationSplit?: number | null;
  earlyStopping?: boolean;
  /** Stop after this many epochs without improvement (null: never). */
  earlyStoppingPatience?: number | null;
  /** Clip the gradient's global L2 norm (null: off). */
  clipGradient?: number | null;
  seed?: number;
  /** Called after every epoch. */
  onEpoch?: (e: EpochReport) => void;
}

/** Progress of one epoch. */
export interface EpochReport {
  epoch: number;
  nEpochs: number;
  loss: number;
  valLoss: number | null;
  lr: number;
  seconds: number;
}

/** Result of a training run. */
export interface TrainResult {
  trainLosses: number[];
  valLosses: (number | null)[];
  /** Index (0-based) of the kept epoch in trainLosses / valLosses: epoch number bestEpoch + 1. */
  bestEpoch: number;
}

/** Builds a loss graph: declares inputs and params in g, returns the loss tensor name. */
export type LossBuilder = (g: Graph) => string;

/**
 * Training data split into chunks of contiguous rows that are loaded one at a
 * time (so that large .npy files need not fit in memory). Each chunk is
 * shuffled internally and the chunk order is shuffled every epoch.
 */
export interface ChunkedData {
  n: number;
  nChunks: number;
  /** Rows [start, end) of chunk c. */
  range(c: number): [number, number];
  /** The columns of chunk c (row 0 = row `start`). */
  load(c: number): Promise<Record<string, Column>>;
}

/** In-memory columns as a single chunk. */
export function inMemoryData(data: Record<string, Column>, n: number): ChunkedData {
  return { n, nChunks: 1, range: () => [0, n], load: async () => data };
}

/**
 * Trains `params` (updated in place) to minimise the loss built by `build`.
 * `data` maps each graph input name to its column (all with n rows), or is a
 * chunked source. The validation rows are a fixed, seeded fraction of every chunk.
 */
export async function trainLoop(build: LossBuilder, params: Map<string, Float32Array>, data: Record<string, Column> | ChunkedData, n: number, o: TrainLoopOptions = {}): Promise<TrainResult> {
  const source: ChunkedData = "nChunks" in data && typeof data.nChunks === "number" ? (data as ChunkedData) : inMemoryData(data as Record<string, Column>, n);
  const nEpochs = o.nEpochs ?? 50;
  const batchSize = o.batchSize ?? 128;
  const initialLr = o.initialLr ?? 0.001;
  const finalLr = o.finalLr ?? 0.0001;
  const split = o.validationSplit === undefined ? 0.25 : o.validationSplit;
  const earlyStopping = (o.earlyStopping ?? true) && split !== null && split > 0;
  if (!(source.n > 0)) throw new InputError("training needs at least one sample");
  if (split !== null && (split < 0 || split >= 1)) throw new InputError(`validationSplit must be in [0, 1); got ${split}`);

  const trainGraph = new Graph("float32");
  const loss = build(trainGraph);
  const names = [...trainGraph.params];
  const grads = gradients(trainGraph, loss, names);
  trainGraph.output(loss);
  grads.forEach((x) => trainGraph.output(x));
  const valGraph = new Graph("float32");
  valGraph.output(build(valGraph));
  for (const p of names) if (!params.has(p)) throw new InputError(`training: no initial value for parameter '${p}'`);
  const inputs = trainGraph.inputs;

  // Fixed per-chunk split into training and validation rows.
  const seed = o.seed ?? 0;
  const rng = new RandomState(seed);
  const splits = Array.from({ length: source.nChunks }, (_, c) => {
    const [a, b] = source.range(c);
    const m = b - a;
    const perm = c === 0 ? rng.permutation(m) : new RandomState(seed + 7919 * c).permutation(m);
    const nVal = split ? Math.floor(m * split) : 0;
    return { train: perm.slice(0, m - nVal), val: perm.slice(m - nVal) };
  });
  const nTrain = splits.reduce((a, s) => a + s.train.length, 0);
  const nVal = splits.reduce((a, s) => a + s.val.length, 0);
  if (split && (nVal === 0 || nTrain === 0)) throw new InputError(`validationSplit ${split} leaves an empty training or validation set for ${source.n} samples`);
  let cached: Record<string, Column> | null = null;
  const load = async (c: number) => {
    if (source.nChunks === 1 && cached) return cached;
    const cols = await source.load(c);
    for (const i of inputs) if (!cols[i]) throw new InputError(`training: the loss needs the array '${i}', which was not given`);
    if (source.nChunks === 1) cached = cols;
    return cols;
  };

  const [trainSession, valSession] = await Promise.all([Session.create(serializeGraph(trainGraph)), Session.create(serializeGraph(valGraph))]);
  const optimizer = makeOptimizer(o.trainer ?? "amsgrad", o.nesterovMomentum ?? null);
  const paramList = names.map((p) => params.get(p) as Float32Array);
  const paramFeeds: Record<string, Feed> = {};
  names.forEach((p, k) => (paramFeeds[p] = { data: paramList[k], dims: trainGraph.shape(p) as number[] }));

  const gather = (cols: Record<string, Column>, idx: Int32Array, from: number, to: number): Record<string, Feed> => {
    const m = to - from;
    const feeds: Record<string, Feed> = {};
    for (const name of inputs) {
      const col = cols[name];
      const w = col.width;
      const out = new Float32Array(m * w);
      for (let r = 0; r < m; r++) {
        const src = idx[from + r] * w;
        for (let c = 0; c < w; c++) out[r * w + c] = col.data[src + c];
      }
      feeds[name] = { data: out, dims: [m, w] };
    }
    return feeds;
  };

  const validate = async (): Promise<number | null> => {
    if (nVal === 0) return null;
    const chunk = 8192;
    let total = 0;
    for (let c = 0; c < source.nChunks; c++) {
      const idx = splits[c].val;
      if (idx.length === 0) continue;
      const cols = await load(c);
      for (let s = 0; s < idx.length; s += chunk) {
        const e = Math.min(idx.length, s + chunk);
        const res = await valSession.run({ ...gather(cols, idx, s, e), ...paramFeeds });
        total += res[valGraph.outputs[0]].data[0] * (e - s);
      }
    }
    return total / nVal;
  };

  const result: TrainResult = { trainLosses: [], valLosses: [], bestEpoch: -1 };
  let best = Infinity;
  let bestParams: Float32Array[] | null = null;
  let sinceBest = 0;
  const order = Int32Array.from({ length: source.nChunks }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < nEpochs; epoch++) {
      const t0 = Date.now();
      const lr = learningRate(epoch, nEpochs, initialLr, finalLr);
      if (source.nChunks > 1) rng.shuffle(order);
      let sum = 0;
      for (const c of order) {
        const trainIdx = splits[c].train;
        rng.shuffle(trainIdx);
        const cols = await load(c);
        for (let s = 0; s < trainIdx.length; s += batchSize) {
          const e = Math.min(trainIdx.length, s + batchSize);
          const res = await trainSession.run({ ...gather(cols, trainIdx, s, e), ...paramFeeds });
          const l = res[loss].data[0];
          if (!Number.isFinite(l)) throw new NumericalError(`training diverged: loss is ${l} in epoch ${epoch + 1}; lower initialLr or check the inputs for NaN/inf`);
          sum += l * (e - s);
          const gs = grads.map((x) => res[x].data);
          if (o.clipGradient) clip(gs, o.clipGradient);
          optimizer.step(paramList, gs, lr);
        }
      }
      const trainLoss = sum / nTrain;
      const valLoss = await validate();
      result.trainLosses.push(trainLoss);
      result.valLosses.push(valLoss);
      const score = valLoss ?? trainLoss;
      if (score < best) {
        best = score;
        result.bestEpoch = epoch;
        sinceBest = 0;
        if (earlyStopping) bestParams = paramList.map((p) => p.slice());
      } else sinceBest++;
      o.onEpoch?.({ epoch: epoch + 1, nEpochs, loss: trainLoss, valLoss, lr, seconds: (Date.now() - t0) / 1000 });
      if (earlyStopping && o.earlyStoppingPatience != null && sinceBest >= o.earlyStoppingPatience) break;
    }
  } finally {
    await Promise.all([trainSession.release(), valSession.release()]);
  }
  if (earlyStopping && bestParams) paramList.forEach((p, k) => p.set(bestParams![k]));
  if (!earlyStopping) result.bestEpoch = result.trainLosses.length - 1;
  return result;
}

function clip(gs: (Float32Array | Float64Array)[], maxNorm: number): void {
  let sq = 0;
  for (const g of gs) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  const norm = Math.sqrt(sq);
  if (norm <= maxNorm) return;
  const f = maxNorm / (norm + 1e-6);
  for (const g of gs) for (let i = 0; i < g.length; i++) g[i] *= f;
}
