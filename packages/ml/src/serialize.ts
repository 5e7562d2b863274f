// Serialises a Graph into an ONNX ModelProto (opset 13, IR version 7) with the
// onnx-proto package. Trainable parameters become graph inputs (training
// graphs) or initializers with given values (exported models).
import { onnxProto } from "./proto.js";
import { InputError } from "@mm/util";
import { onnxTypeCode, type AttrValue, type Dim, type ElemType, type Graph } from "./graph.js";


/** Options of {@link serializeGraph}. */
export interface SerializeOptions {
  /** Values of the trainable parameters: when given they are baked in as initializers. */
  paramValues?: Map<string, ArrayLike<number>>;
  /** Graph name and documentation stored in the model. */
  name?: string;
  doc?: string;
  /** Documentation strings for inputs and outputs, by tensor name. */
  valueDocs?: Record<string, string>;
  /** Key/value metadata stored in the model (e.g. scaling, settings). */
  metadata?: Record<string, string>;
}

function rawBytes(type: ElemType, values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  if (type === "float32") return new Uint8Array(Float32Array.from(values).buffer);
  if (type === "float64") return new Uint8Array(Float64Array.from(values).buffer);
  if (type === "int64") {
    const a = new BigInt64Array(n);
    for (let i = 0; i < n; i++) a[i] = BigInt(values[i]);
    return new Uint8Array(a.buffer);
  }
  const u = new Uint8Array(n);
  for (let i = 0; i < n; i++) u[i] = values[i] ? 1 : 0;
  return u;
}

function tensorProto(name: string, type: ElemType, shape: number[], values: ArrayLike<number>) {
  const onnx = onnxProto();
  const size = shape.reduce((p, d) => p * d, 1);
  if (size !== values.length) throw new InputError(`serialize: tensor '${name}' has ${values.length} values for shape [${shape}]`);
  return onnx.TensorProto.create({ name, dataType: onnxTypeCode(type), dims: shape, rawData: rawBytes(type, values) });
}

function valueInfo(name: string, type: ElemType, shape: Dim[], doc?: string) {
  const onnx = onnxProto();
  return onnx.ValueInfoProto.create({
    name,
    docString: doc ?? "",
    type: {
      tensorType: {
        elemType: onnxTypeCode(type),
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attribute(name: string, v: AttrValue) {
  const onnx = onnxProto();
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === "number") return onnx.AttributeProto.create({ name, type: T.INT, i: v });
  if (typeof v === "string") return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: v });
  return onnx.AttributeProto.create({ name, type: T.FLOAT, f: v.float });
}

/** Encodes the graph as ONNX protobuf bytes. */
export function serializeGraph(g: Graph, o: SerializeOptions = {}): Uint8Array {
  const onnx = onnxProto();
  const used = new Set<string>(g.outputs);
  for (const n of g.nodes) for (const i of n.inputs) used.add(i);
  const initializers = [...g.constants.values()].filter((c) => used.has(c.name)).map((c) => tensorProto(c.name, c.type, c.shape, c.values));
  const inputs = g.inputs.map((n) => valueInfo(n, g.type(n), g.shape(n), o.valueDocs?.[n]));
  for (const p of g.params) {
    const v = o.paramValues?.get(p);
    if (v) initializers.push(tensorProto(p, g.dtype, g.shape(p) as number[], v));
    else inputs.push(valueInfo(p, g.dtype, g.shape(p)));
  }
  const nodes = g.nodes.map((n, i) =>
    onnx.NodeProto.create({
      name: `n${i}_${n.op}`,
      opType: n.op,
      input: n.inputs,
      output: n.outputs,
      attribute: Object.entries(n.attrs).map(([k, v]) => attribute(k, v)),
    }),
  );
  const graph = onnx.GraphProto.create({
    name: o.name ?? "mm_graph",
    docString: o.doc ?? "",
    node: nodes,
    initializer: initializers,
    input: inputs,
    output: g.outputs.map((n) => valueInfo(n, g.type(n), g.shape(n), o.valueDocs?.[n])),
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "@mm/ml",
    producerVersion: "0.1.0",
    opsetImport: [{ domain: "", version: 13 }],
    graph,
    metadataProps: Object.entries(o.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}
