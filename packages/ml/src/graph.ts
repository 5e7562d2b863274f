// A small ONNX graph builder (opset 13) that records nodes with static shapes.
// Shapes use numbers for known sizes and strings for symbolic ones (the batch
// dimension "N"); the shapes drive the un-broadcasting in the differentiator.
// One flag (dtype) switches the whole graph between float32 and float64, so
// every gradient rule can be checked against finite differences in float64.
import { InputError } from "@mm/util";

/** A tensor dimension: a known size or a symbolic name such as "N". */
export type Dim = number | string;
/** Floating point type of a graph. */
export type FloatType = "float32" | "float64";
/** Element type of a tensor in the graph. */
export type ElemType = FloatType | "int64" | "bool";

/** Attribute values a node may carry. */
export type AttrValue = number | number[] | string | { float: number };

/** One recorded node. */
export interface GraphNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

/** A tensor known to the builder. */
export interface TensorInfo {
  name: string;
  shape: Dim[];
  type: ElemType;
  kind: "input" | "param" | "constant" | "node";
}

/** A constant tensor (initializer). */
export interface ConstantData {
  name: string;
  shape: number[];
  type: ElemType;
  values: ArrayLike<number>;
}

/**
 * Records an ONNX graph: inputs, trainable parameters, constants and nodes.
 * Methods return the name of the produced tensor.
 */
export class Graph {
  readonly dtype: FloatType;
  readonly nodes: GraphNode[] = [];
  readonly tensors = new Map<string, TensorInfo>();
  readonly constants = new Map<string, ConstantData>();
  readonly inputs: string[] = [];
  readonly params: string[] = [];
  readonly outputs: string[] = [];
  private counter = 0;

  constructor(dtype: FloatType = "float32") {
    this.dtype = dtype;
  }

  /** Shape of a tensor. */
  shape(name: string): Dim[] {
    const t = this.tensors.get(name);
    if (!t) throw new InputError(`graph: unknown tensor '${name}'`);
    return t.shape;
  }

  /** Element type of a tensor. */
  type(name: string): ElemType {
    return this.tensors.get(name)?.type ?? this.dtype;
  }

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  private declare(name: string, shape: Dim[], type: ElemType, kind: TensorInfo["kind"]): string {
    if (this.tensors.has(name)) throw new InputError(`graph: tensor name '${name}' used twice`);
    this.tensors.set(name, { name, shape: [...shape], type, kind });
    return name;
  }

  /** A graph input (data fed at run time). */
  input(name: string, shape: Dim[], type: ElemType = this.dtype): string {
    this.inputs.push(name);
    return this.declare(name, shape, type, "input");
  }

  /** A trainable parameter: a graph input in training graphs, an initializer when exported. */
  param(name: string, shape: number[]): string {
    this.params.push(name);
    return this.declare(name, shape, this.dtype, "param");
  }

  /** A constant float tensor in the graph's dtype (a scalar when shape is []). */
  constant(values: ArrayLike<number> | number, shape: number[] = [], name?: string): string {
    const vals = typeof values === "number" ? [values] : values;
    const n = name ?? this.fresh("const");
    this.constants.set(n, { name: n, shape, type: this.dtype, values: vals });
    return this.declare(n, shape, this.dtype, "constant");
  }

  /** A constant int64 tensor (axes, shapes, slice bounds). */
  ints(values: number[], shape: number[] = [values.length]): string {
    const n = this.fresh("ints");
    this.constants.set(n, { name: n, shape, type: "int64", values });
    return this.declare(n, shape, "int64", "constant");
  }

  /** Marks a tensor as a graph output. */
  output(name: string): string {
    this.shape(name);
    if (!this.outputs.includes(name)) this.outputs.push(name);
    return name;
  }

  /** Records a node with explicit output shape and type. */
  node(op: string, inputs: string[], shape: Dim[], attrs: Record<string, AttrValue> = {}, type?: ElemType, name?: string): string {
    for (const i of inputs) if (i !== "") this.shape(i);
    const out = name ?? this.fresh(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [out], attrs });
    return this.declare(out, shape, type ?? (inputs.length ? this.type(inputs[0]) : this.dtype), "node");
  }

  // ---- elementwise -------------------------------------------------------
  private binary(op: string, a: string, b: string): string {
    return this.node(op, [a, b], broadcastShapes(this.shape(a), this.shape(b), op));
  }
  add(a: string, b: string): string {
    return this.binary("Add", a, b);
  }
  sub(a: string, b: string): string {
    return this.binary("Sub", a, b);
  }
  mul(a: string, b: string): string {
    return this.binary("Mul", a, b);
  }
  div(a: string, b: string): string {
    return this.binary("Div", a, b);
  }
  /** a ** p for a constant exponent p. */
  pow(a: string, p: number): string {
    return this.node("Pow", [a, this.constant(p)], this.shape(a));
  }
  square(a: string): string {
    return this.pow(a, 2);
  }
  private unary(op: string, a: string): string {
    return this.node(op, [a], this.shape(a));
  }
  neg(a: string): string {
    return this.unary("Neg", a);
  }
  tanh(a: string): string {
    return this.unary("Tanh", a);
  }
  sigmoid(a: string): string {
    return this.unary("Sigmoid", a);
  }
  relu(a: string): string {
    return this.unary("Relu", a);
  }
  exp(a: string): string {
    return this.unary("Exp", a);
  }
  log(a: string): string {
    return this.unary("Log", a);
  }
  abs(a: string): string {
    return this.unary("Abs", a);
  }
  /** Sign of a (no gradient). */
  sign(a: string): string {
    return this.unary("Sign", a);
  }
  /**
   * log(1 + exp(a)) computed stably as relu(a) + log(1 + exp(-|a|)) (onnxruntime
   * has no float64 Softplus kernel, and this form never overflows).
   */
  softplus(a: string): string {
    const tail = this.log(this.add(this.constant(1), this.exp(this.neg(this.abs(a)))));
    return this.add(this.relu(a), tail);
  }

  // ---- linear algebra ----------------------------------------------------
  /** 2-D matrix product. */
  matmul(a: string, b: string): string {
    const sa = this.shape(a);
    const sb = this.shape(b);
    if (sa.length !== 2 || sb.length !== 2) throw new InputError(`graph: MatMul supports 2-D operands, got [${sa}] x [${sb}]`);
    return this.node("MatMul", [a, b], [sa[0], sb[1]]);
  }

  /** alpha * op(A) op(B) + beta * C (C optional, broadcast to the result). */
  gemm(a: string, b: string, c: string | null, o: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number } = {}): string {
    const sa = this.shape(a);
    const sb = this.shape(b);
    const m = o.transA ? sa[1] : sa[0];
    const n = o.transB ? sb[0] : sb[1];
    const attrs: Record<string, AttrValue> = {};
    if (o.transA) attrs.transA = 1;
    if (o.transB) attrs.transB = 1;
    if (o.alpha !== undefined && o.alpha !== 1) attrs.alpha = { float: o.alpha };
    if (o.beta !== undefined && o.beta !== 1) attrs.beta = { float: o.beta };
    return this.node("Gemm", c ? [a, b, c] : [a, b], [m, n], attrs);
  }

  transpose(a: string, perm?: number[]): string {
    const s = this.shape(a);
    const p = perm ?? s.map((_, i) => s.length - 1 - i);
    return this.node("Transpose", [a], p.map((i) => s[i]), { perm: p });
  }

  // ---- reductions --------------------------------------------------------
  /** Sum over axes (opset 13: axes is an input). */
  reduceSum(a: string, axes: number[], keepdims = true): string {
    const s = this.shape(a);
    const ax = axes.map((x) => (x < 0 ? x + s.length : x));
    const shape = keepdims ? s.map((d, i) => (ax.includes(i) ? 1 : d)) : s.filter((_, i) => !ax.includes(i));
    return this.node("ReduceSum", [a, this.ints(ax)], shape, { keepdims: keepdims ? 1 : 0 });
  }

  /** Mean over axes (opset 13: axes is an attribute). */
  reduceMean(a: string, axes: number[], keepdims = true): string {
    const s = this.shape(a);
    const ax = axes.map((x) => (x < 0 ? x + s.length : x));
    const shape = keepdims ? s.map((d, i) => (ax.includes(i) ? 1 : d)) : s.filter((_, i) => !ax.includes(i));
    return this.node("ReduceMean", [a], shape, { axes: ax, keepdims: keepdims ? 1 : 0 });
  }

  // ---- shape manipulation ------------------------------------------------
  /** Reshape to a constant shape (one -1 allowed; 0 copies the input dim). */
  reshape(a: string, shape: number[], symbolic?: Dim[]): string {
    const s = this.shape(a);
    const out: Dim[] = symbolic ?? shape.map((d, i) => (d === 0 ? s[i] : d === -1 ? inferMinusOne(s, shape) : d));
    return this.node("Reshape", [a, this.ints(shape)], out);
  }

  /** Reshape a to the (run-time) shape of ref. */
  reshapeLike(a: string, ref: string): string {
    return this.node("Reshape", [a, this.shapeOf(ref)], this.shape(ref));
  }

  /** Broadcast a to the (run-time) shape of ref. */
  expandLike(a: string, ref: string): string {
    return this.node("Expand", [a, this.shapeOf(ref)], this.shape(ref));
  }

  /** The run-time shape of a tensor (int64 vector). */
  shapeOf(a: string): string {
    return this.node("Shape", [a], [this.shape(a).length], {}, "int64");
  }

  /** Number of elements of a as a scalar of the graph's float type. */
  sizeOf(a: string): string {
    const size = this.node("Size", [a], [], {}, "int64");
    return this.node("Cast", [size], [], { to: onnxTypeCode(this.dtype) }, this.dtype);
  }

  /** x[..., start:end, ...] along one axis (step 1, static bounds). */
  slice(a: string, axis: number, start: number, end: number): string {
    const s = this.shape(a);
    const ax = axis < 0 ? axis + s.length : axis;
    const shape = s.map((d, i) => (i === ax ? end - start : d));
    return this.node("Slice", [a, this.ints([start]), this.ints([end]), this.ints([ax])], shape);
  }

  concat(parts: string[], axis: number): string {
    const shapes = parts.map((p) => this.shape(p));
    const ax = axis < 0 ? axis + shapes[0].length : axis;
    let total = 0;
    for (const s of shapes) {
      if (typeof s[ax] !== "number") throw new InputError(`graph: Concat needs static sizes along axis ${ax}`);
      total += s[ax] as number;
    }
    const shape = shapes[0].map((d, i) => (i === ax ? total : d));
    return this.node("Concat", parts, shape, { axis: ax });
  }

  /** Zero padding (constant mode) with ONNX pads [begin..., end...]. */
  pad(a: string, pads: number[]): string {
    const s = this.shape(a);
    const r = s.length;
    const shape = s.map((d, i) => (pads[i] === 0 && pads[i + r] === 0 ? d : typeof d === "number" ? d + pads[i] + pads[i + r] : d));
    return this.node("Pad", [a, this.ints(pads)], shape);
  }

  /** Insert size-1 axes (opset 13: axes is an input). */
  unsqueeze(a: string, axes: number[]): string {
    const s = [...this.shape(a)];
    const r = s.length + axes.length;
    const ax = axes.map((x) => (x < 0 ? x + r : x)).sort((x, y) => x - y);
    for (const x of ax) s.splice(x, 0, 1);
    return this.node("Unsqueeze", [a, this.ints(ax)], s);
  }

  /** min(max(a, lo), hi) (opset 13: bounds are inputs); the gradient is zero outside [lo, hi]. */
  clip(a: string, lo: number, hi: number): string {
    return this.node("Clip", [a, this.constant(lo), this.constant(hi)], this.shape(a));
  }

  /** 1.0 where a > 0 else 0.0, in the graph's float type (no gradient). */
  positiveMask(a: string): string {
    const zero = this.constant(0);
    const gt = this.node("Greater", [a, zero], this.shape(a), {}, "bool");
    return this.node("Cast", [gt], this.shape(a), { to: onnxTypeCode(this.dtype) }, this.dtype);
  }

  /** A fresh name for a tensor (used by callers that name outputs). */
  identity(a: string, name?: string): string {
    return this.node("Identity", [a], this.shape(a), {}, this.type(a), name);
  }
}

/** ONNX TensorProto.DataType codes. */
export function onnxTypeCode(t: ElemType): number {
  switch (t) {
    case "float32":
      return 1;
    case "float64":
      return 11;
    case "int64":
      return 7;
    case "bool":
      return 9;
  }
}

/** Numpy-style broadcast of two static shapes. */
export function broadcastShapes(a: Dim[], b: Dim[], op = "op"): Dim[] {
  const r = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < r; i++) {
    const da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
    const db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
    if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else if (da === db) out.push(da);
    else if (typeof da === "string") out.push(db);
    else if (typeof db === "string") out.push(da);
    else throw new InputError(`graph: ${op} cannot broadcast [${a}] with [${b}]`);
  }
  return out;
}

function inferMinusOne(input: Dim[], shape: number[]): Dim {
  let total = 1;
  for (const d of input) {
    if (typeof d !== "number") return "N";
    total *= d;
  }
  let known = 1;
  shape.forEach((d, i) => {
    if (d > 0) known *= d;
    else if (d === 0) known *= input[i] as number;
  });
  return total / known;
}
