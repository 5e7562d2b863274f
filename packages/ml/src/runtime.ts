// Lazy access to onnxruntime-node: importing @mm/ml costs nothing until a
// session is created. Sessions use one intra-op thread with spinning off,
// which is fastest on small machines (see ML-ENGINE.md).
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

/** A compiled graph: feed named arrays, get named outputs back as typed arrays. */
export class Session {
  private constructor(private readonly ort: Ort, private readonly session: OrtTypes.InferenceSession) {}

  /** Creates a session from ONNX bytes. */
  static async create(model: Uint8Array, threads = 1): Promise<Session> {
    const ort = await loadOrt();
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
      extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
    });
    return new Session(ort, session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph; returns the outputs' data by name. */
  async run(feeds: Record<string, Feed>, outputs?: string[]): Promise<Record<string, { data: Float32Array | Float64Array; dims: number[] }>> {
    const t: Record<string, OrtTypes.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) {
      const type = v.data instanceof Float32Array ? "float32" : v.data instanceof Float64Array ? "float64" : "int64";
      t[k] = new this.ort.Tensor(type, v.data, v.dims);
    }
    const res = outputs ? await this.session.run(t, outputs) : await this.session.run(t);
    const out: Record<string, { data: Float32Array | Float64Array; dims: number[] }> = {};
    for (const [k, v] of Object.entries(res)) out[k] = { data: v.data as Float32Array | Float64Array, dims: [...v.dims] };
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
