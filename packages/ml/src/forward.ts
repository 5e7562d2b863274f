// Forward-mode differentiation (Jacobian-vector products) of a recorded
// Graph: tangent nodes are appended next to the forward graph, using only ops
// that have reverse-mode rules, so a loss built on tangents (a score term)
// can be differentiated w.r.t. the parameters (reverse over forward).
import { InputError } from "@mm/util";
import type { Graph, GraphNode } from "./graph.js";

const NO_TANGENT = new Set(["Shape", "Size", "Cast", "Greater", "Sign"]);

/**
 * Tangents of `outputs` along the direction `seeds` (tangent tensors of the
 * given inputs, each shaped like its input). Returns one tangent per output
 * (a zero tensor when an output does not depend on the seeded inputs).
 */
export function tangents(g: Graph, outputs: string[], seeds: Record<string, string>): string[] {
  const dot = new Map<string, string>(Object.entries(seeds));
  const nodes = [...g.nodes];
  for (const node of nodes) {
    if (NO_TANGENT.has(node.op)) continue;
    const ins = node.inputs.map((i) => dot.get(i) ?? null);
    if (!ins.some((t) => t !== null)) continue;
    dot.set(node.outputs[0], jvp(g, node, ins));
  }
  return outputs.map((o) => dot.get(o) ?? g.mul(o, g.constant(0)));
}

function like(g: Graph, t: string, y: string): string {
  const a = g.shape(t);
  const b = g.shape(y);
  return a.length === b.length && a.every((d, i) => d === b[i]) ? t : g.expandLike(t, y);
}

function sum(g: Graph, parts: (string | null)[], y: string): string {
  const p = parts.filter((x): x is string => x !== null);
  let s = p[0];
  for (let i = 1; i < p.length; i++) s = g.add(s, p[i]);
  return like(g, s, y);
}

function constValue(g: Graph, name: string): number {
  const c = g.constants.get(name);
  if (!c) throw new InputError(`forward mode: '${name}' must be a constant`);
  return c.values[0];
}

function jvp(g: Graph, node: GraphNode, d: (string | null)[]): string {
  const [a, b] = node.inputs;
  const [da, db] = d;
  const y = node.outputs[0];
  switch (node.op) {
    case "Identity":
      return da!;
    case "Add":
      return sum(g, [da, db], y);
    case "Sub":
      return sum(g, [da, db ? g.neg(db) : null], y);
    case "Mul":
      return sum(g, [da ? g.mul(da, b) : null, db ? g.mul(a, db) : null], y);
    case "Div":
      return sum(g, [da ? g.div(da, b) : null, db ? g.neg(g.div(g.mul(y, db), b)) : null], y);
    case "Pow": {
      if (db) throw new InputError("forward mode: Pow supports a constant exponent only");
      const p = constValue(g, b);
      return g.mul(da!, p === 2 ? g.mul(a, g.constant(2)) : g.mul(g.pow(a, p - 1), g.constant(p)));
    }
    case "Neg":
      return g.neg(da!);
    case "Tanh":
      return g.mul(da!, g.sub(g.constant(1), g.mul(y, y)));
    case "Sigmoid":
      return g.mul(da!, g.mul(y, g.sub(g.constant(1), y)));
    case "Relu":
      return g.mul(da!, g.positiveMask(a));
    case "Exp":
      return g.mul(da!, y);
    case "Log":
      return g.div(da!, a);
    case "Abs":
      return g.mul(da!, g.sign(a));
    case "Clip":
      return g.mul(da!, g.mul(g.positiveMask(g.sub(a, node.inputs[1])), g.positiveMask(g.sub(node.inputs[2], a))));
    case "MatMul":
      return sum(g, [da ? g.matmul(da, b) : null, db ? g.matmul(a, db) : null], y);
    case "Gemm": {
      const o = { transA: node.attrs.transA === 1, transB: node.attrs.transB === 1, alpha: typeof node.attrs.alpha === "object" ? (node.attrs.alpha as { float: number }).float : 1 };
      const beta = typeof node.attrs.beta === "object" ? (node.attrs.beta as { float: number }).float : 1;
      const dc = d[2] ?? null;
      return sum(g, [da ? g.gemm(da, b, null, o) : null, db ? g.gemm(a, db, null, o) : null, dc ? (beta === 1 ? dc : g.mul(dc, g.constant(beta))) : null], y);
    }
    case "Transpose":
      return g.transpose(da!, node.attrs.perm as number[]);
    case "ReduceSum":
      return g.node("ReduceSum", [da!, b], g.shape(y), node.attrs);
    case "ReduceMean":
      return g.node("ReduceMean", [da!], g.shape(y), node.attrs);
    case "Reshape":
    case "Unsqueeze":
    case "Expand":
    case "Pad":
      return g.node(node.op, [da!, b], g.shape(y), node.attrs);
    case "Slice":
      return g.node("Slice", [da!, ...node.inputs.slice(1)], g.shape(y), node.attrs);
    case "Concat":
      return g.node("Concat", node.inputs.map((inp, j) => d[j] ?? g.mul(inp, g.constant(0))), g.shape(y), node.attrs);
    default:
      throw new InputError(`forward mode: no tangent rule for ONNX op ${node.op}`);
  }
}
