// The execution engine behind an interface: the default is onnxruntime-node,
// loaded lazily so that importing @mm/ml costs nothing until a session is
// created. Sessions use one intra-op thread with spinning off, which is
// fastest on small machines (see ML-ENGINE.md). Another engine (a GPU
// execution provider, tfjs-node where it installs) can be plugged in with
// setEngine when it measurably wins.
import { ToolError } from "@mm/util";
import type * as OrtTypes from "onnxruntime-node";

type Ort = typeof OrtTypes;
let ortPromise: Promise<Ort> | null = null;

/** Loads onnxruntime-node on first use. */
export async function loadOrt(): Promise<Ort> {
  if (!ortPromise) {
    ortPromise = import("onnxruntime-node").catch((err: unknown) => {
      ortPromise = null;
      throw new ToolError(`onnxruntime-node could not be loaded (${(err as Error).message}); reinstall @mm/ml's dependencies with 'pnpm install'`);
    }) as Promise<Ort>;
  }
  return ortPromise;
}

/** Numeric arrays accepted as session feeds. */
export type Feed = { data: Float32Array | Float64Array | BigInt64Array; dims: number[] };
/** Session outputs by name. */
export type Outputs = Record<string, { data: Float32Array | Float64Array; dims: number[] }>;

/** A compiled graph that can be run. */
export interface GraphSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, Feed>, outputs?: string[]): Promise<Outputs>;
  release(): Promise<void>;
}

/** Something that compiles ONNX bytes into runnable sessions. */
export interface Engine {
  name: string;
  createSession(model: Uint8Array, threads: number): Promise<GraphSession>;
}

class OrtSession implements GraphSession {
  constructor(private readonly ort: Ort, private readonly session: OrtTypes.InferenceSession) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, Feed>, outputs?: string[]): Promise<Outputs> {
    const t: Record<string, OrtTypes.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) {
      const type = v.data instanceof Float32Array ? "float32" : v.data instanceof Float64Array ? "float64" : "int64";
      t[k] = new this.ort.Tensor(type, v.data, v.dims);
    }
    const res = outputs ? await this.session.run(t, outputs) : await this.session.run(t);
    const out: Outputs = {};
    for (const [k, v] of Object.entries(res)) out[k] = { data: v.data as Float32Array | Float64Array, dims: [...v.dims] };
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The default engine: onnxruntime-node's CPU execution provider. */
export const onnxruntimeEngine: Engine = {
  name: "onnxruntime-node",
  async createSession(model, threads) {
    const ort = await loadOrt();
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
      extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
    });
    return new OrtSession(ort, session);
  },
};

let engine: Engine = onnxruntimeEngine;

/** Replaces the engine used by every later session (returns the previous one). */
export function setEngine(e: Engine): Engine {
  const prev = engine;
  engine = e;
  return prev;
}

/** The engine in use. */
export function getEngine(): Engine {
  return engine;
}

/** Session factory over the current engine. */
export const Session = {
  /** Compiles ONNX bytes with the current engine (one intra-op thread by default). */
  create(model: Uint8Array, threads = 1): Promise<GraphSession> {
    return engine.createSession(model, threads);
  },
};
