// @mm/ml: Neural estimators (SALLY, CARL, RASCAL, ALICE, ...) trained on ONNX graphs in onnxruntime-node.
export {};
