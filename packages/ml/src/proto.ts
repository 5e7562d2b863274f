// onnx-proto (protobufjs generated code) loaded on first use, so that
// importing @mm/ml stays cheap.
import { createRequire } from "node:module";
import type OnnxProto from "onnx-proto";

let cached: typeof OnnxProto.onnx | null = null;

/** The `onnx` namespace of onnx-proto. */
export function onnxProto(): typeof OnnxProto.onnx {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = (require("onnx-proto") as typeof OnnxProto).onnx;
  }
  return cached;
}
