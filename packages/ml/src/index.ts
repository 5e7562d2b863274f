// @mm/ml: Neural estimators (SALLY, CARL, RASCAL, ALICE, ...) trained on ONNX graphs in onnxruntime-node.
export { Graph, broadcastShapes, onnxTypeCode } from "./graph.js";
export type { Dim, FloatType, ElemType, AttrValue, GraphNode, TensorInfo, ConstantData } from "./graph.js";
export { gradients, unbroadcast } from "./autodiff.js";
export { serializeGraph } from "./serialize.js";
export type { SerializeOptions } from "./serialize.js";
export { Session, loadOrt } from "./runtime.js";
export type { Feed } from "./runtime.js";
