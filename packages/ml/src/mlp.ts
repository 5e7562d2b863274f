// Dense networks as graph fragments: Linear layers (Gemm with a broadcast
// bias) and an activation between them, the PyTorch layout MadMiner uses.
import { InputError } from "@mm/util";
import type { Graph } from "./graph.js";
import type { RandomState } from "@mm/util";

/** Hidden-layer activation (sigmoid is the real logistic function). */
export type Activation = "tanh" | "sigmoid" | "relu";

/** Architecture of a dense network. */
export interface MLPSpec {
  nInputs: number;
  nHidden: number[];
  nOutputs: number;
  activation: Activation;
}

/** Names and shapes of the parameters: `layers.{i}.weight` is (in, out), `layers.{i}.bias` is (out). */
export function mlpParameterShapes(spec: MLPSpec): { name: string; shape: number[] }[] {
  const sizes = [spec.nInputs, ...spec.nHidden, spec.nOutputs];
  const out: { name: string; shape: number[] }[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    out.push({ name: `layers.${i}.weight`, shape: [sizes[i], sizes[i + 1]] });
    out.push({ name: `layers.${i}.bias`, shape: [sizes[i + 1]] });
  }
  return out;
}

/** Declares the network's parameters in a graph (once; shared by every use). */
export function declareMLP(g: Graph, spec: MLPSpec): string[] {
  return mlpParameterShapes(spec).map((p) => (g.tensors.has(p.name) ? p.name : g.param(p.name, p.shape)));
}

/** Applies the network to an (N, nInputs) tensor; returns the (N, nOutputs) output. */
export function applyMLP(g: Graph, spec: MLPSpec, input: string): string {
  const names = declareMLP(g, spec);
  let h = input;
  const nLayers = names.length / 2;
  for (let i = 0; i < nLayers; i++) {
    h = g.gemm(h, names[2 * i], names[2 * i + 1]);
    if (i + 1 < nLayers) h = activate(g, spec.activation, h);
  }
  return h;
}

function activate(g: Graph, a: Activation, h: string): string {
  if (a === "tanh") return g.tanh(h);
  if (a === "sigmoid") return g.sigmoid(h);
  if (a === "relu") return g.relu(h);
  throw new InputError(`activation must be tanh, sigmoid or relu; got '${a as string}'`);
}

/** PyTorch's default Linear initialisation: U(-1/sqrt(in), 1/sqrt(in)) for weights and biases. */
export function initMLP(spec: MLPSpec, rng: RandomState): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const shapes = mlpParameterShapes(spec);
  for (let i = 0; i < shapes.length; i += 2) {
    const fanIn = shapes[i].shape[0];
    const bound = 1 / Math.sqrt(fanIn);
    for (const p of [shapes[i], shapes[i + 1]]) {
      const n = p.shape.reduce((a, b) => a * b, 1);
      out.set(p.name, Float32Array.from(rng.uniform(-bound, bound, n) as Float64Array));
    }
  }
  return out;
}
