// Symbolic reverse-mode differentiation of a recorded Graph. The backward
// nodes are appended to the same graph and use only ops that have rules
// themselves, so gradients can be differentiated again (reverse over reverse:
// the score of a ratio network inside a training loss).
import { InputError } from "@mm/util";
import { Graph, type GraphNode } from "./graph.js";

const NON_DIFFERENTIABLE = new Set(["Shape", "Size", "Cast", "Greater", "Sign"]);

/**
 * Appends the gradient of `y` (summed over all its elements, or contracted with
 * `seed` when given) with respect to each tensor in `wrt`.
 * @returns gradient tensor names, one per `wrt` entry, each shaped like it.
 */
export function gradients(g: Graph, y: string, wrt: string[], seed?: string): string[] {
  const active = activeSet(g, wrt);
  if (!active.has(y)) return wrt.map((w) => zerosLike(g, w));
  const nodes = [...g.nodes];
  const acc = new Map<string, string[]>();
  acc.set(y, [seed ?? g.expandLike(g.constant(1), y)]);
  const total = (name: string): string | null => {
    const parts = acc.get(name);
    if (!parts || parts.length === 0) return null;
    let s = parts[0];
    for (let i = 1; i < parts.length; i++) s = g.add(s, parts[i]);
    acc.set(name, [s]);
    return s;
  };
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    const out = node.outputs[0];
    if (!active.has(out) || NON_DIFFERENTIABLE.has(node.op)) continue;
    const gy = total(out);
    if (gy === null) continue;
    const need = node.inputs.map((i) => i !== "" && active.has(i));
    if (!need.some(Boolean)) continue;
    const gi = rule(g, node, gy, need);
    node.inputs.forEach((inp, j) => {
      const gj = gi[j];
      if (need[j] && gj) {
        const list = acc.get(inp) ?? [];
        list.push(gj);
        acc.set(inp, list);
      }
    });
  }
  return wrt.map((w) => total(w) ?? zerosLike(g, w));
}

/** Tensors that depend (through differentiable ops) on any of `wrt`. */
function activeSet(g: Graph, wrt: string[]): Set<string> {
  const active = new Set(wrt);
  for (const node of g.nodes) {
    if (NON_DIFFERENTIABLE.has(node.op)) continue;
    if (node.inputs.some((i) => active.has(i))) for (const o of node.outputs) active.add(o);
  }
  return active;
}

function zerosLike(g: Graph, x: string): string {
  return g.mul(x, g.constant(0));
}

/** Sums a gradient over the axes along which `target` was broadcast. */
export function unbroadcast(g: Graph, grad: string, target: string): string {
  const gs = g.shape(grad);
  const ts = g.shape(target);
  const d = gs.length - ts.length;
  const axes: number[] = [];
  for (let i = 0; i < d; i++) axes.push(i);
  ts.forEach((t, i) => {
    if (t === 1 && gs[i + d] !== 1) axes.push(i + d);
  });
  if (axes.length === 0) return grad;
  const r = g.reduceSum(grad, axes, true);
  return d > 0 ? g.reshapeLike(r, target) : r;
}

function constValue(g: Graph, name: string): number[] {
  const c = g.constants.get(name);
  if (!c) throw new InputError(`autodiff: '${name}' must be a constant`);
  return Array.from(c.values);
}

function attrInt(node: GraphNode, key: string, dflt: number): number {
  const v = node.attrs[key];
  return typeof v === "number" ? v : dflt;
}

function attrFloat(node: GraphNode, key: string, dflt: number): number {
  const v = node.attrs[key];
  return typeof v === "object" && v !== null && "float" in v ? v.float : typeof v === "number" ? v : dflt;
}

/** The gradient rule of one node: returns one gradient (or null) per input. */
function rule(g: Graph, node: GraphNode, gy: string, need: boolean[]): (string | null)[] {
  const [a, b] = node.inputs;
  const y = node.outputs[0];
  switch (node.op) {
    case "Identity":
      return [gy];
    case "Add":
      return [need[0] ? unbroadcast(g, gy, a) : null, need[1] ? unbroadcast(g, gy, b) : null];
    case "Sub":
      return [need[0] ? unbroadcast(g, gy, a) : null, need[1] ? unbroadcast(g, g.neg(gy), b) : null];
    case "Mul":
      return [need[0] ? unbroadcast(g, g.mul(gy, b), a) : null, need[1] ? unbroadcast(g, g.mul(gy, a), b) : null];
    case "Div":
      return [
        need[0] ? unbroadcast(g, g.div(gy, b), a) : null,
        need[1] ? unbroadcast(g, g.neg(g.div(g.mul(gy, y), b)), b) : null,
      ];
    case "Pow": {
      if (need[1]) throw new InputError("autodiff: Pow supports a constant exponent only");
      const p = constValue(g, b)[0];
      const dx = p === 2 ? g.mul(a, g.constant(2)) : g.mul(g.pow(a, p - 1), g.constant(p));
      return [g.mul(gy, dx), null];
    }
    case "Neg":
      return [g.neg(gy)];
    case "Tanh":
      return [g.mul(gy, g.sub(g.constant(1), g.mul(y, y)))];
    case "Sigmoid":
      return [g.mul(gy, g.mul(y, g.sub(g.constant(1), y)))];
    case "Relu":
      return [g.mul(gy, g.positiveMask(a))];
    case "Exp":
      return [g.mul(gy, y)];
    case "Log":
      return [g.div(gy, a)];
    case "Clip": {
      const lo = node.inputs[1];
      const hi = node.inputs[2];
      const inside = g.mul(g.positiveMask(g.sub(a, lo)), g.positiveMask(g.sub(hi, a)));
      return [g.mul(gy, inside), null, null];
    }
    case "Abs":
      return [g.mul(gy, g.sign(a))];
    case "MatMul":
      return [need[0] ? g.gemm(gy, b, null, { transB: true }) : null, need[1] ? g.gemm(a, gy, null, { transA: true }) : null];
    case "Gemm": {
      const tA = attrInt(node, "transA", 0) === 1;
      const tB = attrInt(node, "transB", 0) === 1;
      const alpha = attrFloat(node, "alpha", 1);
      const beta = attrFloat(node, "beta", 1);
      const ga = !need[0] ? null : tA ? g.gemm(b, gy, null, { transA: tB, transB: true, alpha }) : g.gemm(gy, b, null, { transB: !tB, alpha });
      const gb = !need[1] ? null : tB ? g.gemm(gy, a, null, { transA: true, transB: tA, alpha }) : g.gemm(a, gy, null, { transA: !tA, alpha });
      const gc = node.inputs.length > 2 && need[2] ? unbroadcast(g, beta === 1 ? gy : g.mul(gy, g.constant(beta)), node.inputs[2]) : null;
      return [ga, gb, gc];
    }
    case "Transpose": {
      const perm = node.attrs.perm as number[];
      const inv = perm.map((_, i) => perm.indexOf(i));
      return [g.transpose(gy, inv)];
    }
    case "ReduceSum":
    case "ReduceMean": {
      const axes = node.op === "ReduceSum" ? constValue(g, b) : (node.attrs.axes as number[]);
      const keep = attrInt(node, "keepdims", 1) === 1;
      const gk = keep ? gy : g.unsqueeze(gy, axes);
      const ex = g.expandLike(gk, a);
      if (node.op === "ReduceSum") return [ex, null];
      return [g.mul(ex, g.div(g.sizeOf(y), g.sizeOf(a)))];
    }
    case "Reshape":
    case "Unsqueeze":
      return [g.reshapeLike(gy, a), null];
    case "Expand":
      return [unbroadcast(g, gy, a), null];
    case "Slice": {
      const start = constValue(g, node.inputs[1])[0];
      const end = constValue(g, node.inputs[2])[0];
      const axis = constValue(g, node.inputs[3])[0];
      const s = g.shape(a);
      const dim = s[axis];
      if (typeof dim !== "number") throw new InputError("autodiff: Slice gradient needs a static size on the sliced axis");
      const pads = new Array(2 * s.length).fill(0);
      pads[axis] = start;
      pads[axis + s.length] = dim - end;
      return [g.pad(gy, pads), null, null, null];
    }
    case "Pad": {
      const pads = constValue(g, b);
      const r = g.shape(a).length;
      let out = gy;
      for (let ax = 0; ax < r; ax++) {
        if (pads[ax] === 0 && pads[ax + r] === 0) continue;
        const dim = g.shape(out)[ax];
        if (typeof dim !== "number") throw new InputError("autodiff: Pad gradient needs a static size on the padded axis");
        out = g.slice(out, ax, pads[ax], dim - pads[ax + r]);
      }
      return [out, null];
    }
    case "Concat": {
      const axis = node.attrs.axis as number;
      let offset = 0;
      return node.inputs.map((inp, j) => {
        const size = g.shape(inp)[axis] as number;
        const r = need[j] ? g.slice(gy, axis, offset, offset + size) : null;
        offset += size;
        return r;
      });
    }
    default:
      throw new InputError(`autodiff: no gradient rule for ONNX op ${node.op}`);
  }
}
