// Import of estimators trained and saved by the Python MadMiner:
// `<prefix>_settings.json`, `<prefix>_x_means.npy`, `<prefix>_x_stds.npy` and
// the PyTorch state dict `<prefix>_state_dict.pt` (read with the restricted
// unpickler). The forward pass follows MadMiner: x scaled in float64, cast to
// float32, then the float32 network.
import { existsSync, readFileSync } from "node:fs";
import { FormatError, InputError, readNpy } from "@mm/util";
import { readZip } from "./zip.js";
import { readStateDictPickle } from "./pickle.js";
import { Estimator, type EstimatorSettings } from "./estimator.js";
import type { Activation } from "./mlp.js";
import type { Method } from "./losses.js";

/** Reads a PyTorch `state_dict` file into name → (values, shape) without running any pickle code. */
export function readTorchStateDict(path: string): Map<string, { data: Float32Array | Float64Array; shape: number[] }> {
  const entries = readZip(readFileSync(path), path);
  const pkl = [...entries.keys()].find((k) => k.endsWith("/data.pkl") || k === "data.pkl");
  if (!pkl) throw new FormatError("no data.pkl inside the archive: not a PyTorch state dict", path);
  const prefix = pkl.slice(0, pkl.length - "data.pkl".length);
  const refs = readStateDictPickle(entries.get(pkl) as Uint8Array, path);
  const out = new Map<string, { data: Float32Array | Float64Array; shape: number[] }>();
  for (const [name, t] of refs) {
    const raw = entries.get(`${prefix}data/${t.storageKey}`);
    if (!raw) throw new FormatError(`storage ${t.storageKey} of '${name}' is missing from the archive`, path);
    const bytes = Uint8Array.from(raw).buffer;
    const storage = t.dtype === "float64" ? new Float64Array(bytes) : new Float32Array(bytes);
    const size = t.shape.reduce((a, b) => a * b, 1);
    const data = t.dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
    // Gather with the stored strides (state dicts are normally C-contiguous).
    const idx = new Array(t.shape.length).fill(0);
    for (let k = 0; k < size; k++) {
      let off = t.offset;
      for (let d = 0; d < idx.length; d++) off += idx[d] * t.stride[d];
      if (off >= storage.length) throw new FormatError(`tensor '${name}' reads past its storage`, path);
      data[k] = storage[off];
      for (let d = idx.length - 1; d >= 0; d--) {
        if (++idx[d] < t.shape[d]) break;
        idx[d] = 0;
      }
    }
    out.set(name, { data, shape: t.shape });
  }
  return out;
}

interface PySettings {
  estimator_type?: string;
  method?: string;
  n_observables: number;
  n_parameters: number;
  features: number[] | null;
  n_hidden: number[];
  activation: string;
}

/** True when `<prefix>_state_dict.pt` and `<prefix>_settings.json` exist (a Python MadMiner model). */
export function isPythonModel(prefix: string): boolean {
  return existsSync(`${prefix}_state_dict.pt`) && existsSync(`${prefix}_settings.json`);
}

/** Loads a Python MadMiner estimator (score or ratio) as an {@link Estimator}. */
export function loadPythonModel(prefix: string): Estimator {
  const sfile = `${prefix}_settings.json`;
  if (!isPythonModel(prefix)) throw new InputError(`no Python MadMiner model at '${prefix}': expected ${sfile} and ${prefix}_state_dict.pt`);
  const py = JSON.parse(readFileSync(sfile, "utf8")) as PySettings;
  const type = py.estimator_type ?? (py.method === "sally" || py.method === "sallino" ? "score" : undefined);
  const kind = type === "score" ? "score" : type === "parameterized_ratio" ? "parameterized_ratio" : type === "double_parameterized_ratio" ? "double_parameterized_ratio" : null;
  if (!kind) throw new FormatError(`estimator_type '${String(type)}' is not supported (score, parameterized_ratio, double_parameterized_ratio)`, sfile);
  if (!["tanh", "sigmoid", "relu"].includes(py.activation)) throw new FormatError(`activation '${py.activation}' is not supported`, sfile);
  const means = readNpy(`${prefix}_x_means.npy`).data;
  const stds = readNpy(`${prefix}_x_stds.npy`).data;
  const state = readTorchStateDict(`${prefix}_state_dict.pt`);
  const params = new Map<string, Float32Array>();
  // With dropout, MadMiner's ModuleList interleaves parameter-free Dropout modules, so the
  // Linear layers have indices 1, 3, 5, ...: renumber them 0, 1, 2, ... (dropout is off at evaluation).
  const indices = [...new Set([...state.keys()].map((k) => Number(/^layers\.(\d+)\./.exec(k)?.[1] ?? NaN)))].sort((a, b) => a - b);
  for (const [name, t] of state) {
    const m = /^layers\.(\d+)\.(weight|bias)$/.exec(name);
    if (!m) throw new FormatError(`unexpected state dict entry '${name}' (only dense 'layers.i.weight/bias' networks are supported)`, `${prefix}_state_dict.pt`);
    const renamed = `layers.${indices.indexOf(Number(m[1]))}.${m[2]}`;
    if (m[2] === "bias") params.set(renamed, Float32Array.from(t.data));
    else {
      // PyTorch stores (out, in); the graph multiplies x (N, in) by W (in, out).
      const [o, i] = t.shape;
      const w = new Float32Array(o * i);
      for (let r = 0; r < o; r++) for (let c = 0; c < i; c++) w[c * o + r] = t.data[r * i + c];
      params.set(renamed, w);
    }
  }
  const method: Method = kind === "score" ? "sally" : kind === "parameterized_ratio" ? "carl" : "carl2";
  const settings: EstimatorSettings = {
    format: "mm-ml-1",
    method: (py.method as Method | undefined) ?? method,
    kind,
    nObservables: py.n_observables,
    nParameters: py.n_parameters,
    features: py.features,
    nHidden: py.n_hidden,
    activation: py.activation as Activation,
    scaling: null,
    externalScaling: { xMeans: Array.from(means, Number), xStds: Array.from(stds, Number) },
  };
  return new Estimator(settings, params);
}

/** Loads an @mm/ml model (`<prefix>.onnx` + settings) or a Python MadMiner model at the same prefix. */
export function loadModel(prefix: string): Estimator {
  const p = prefix.replace(/(_settings\.json|\.onnx|_state_dict\.pt)$/, "");
  if (existsSync(`${p}.onnx`)) return Estimator.load(p);
  if (isPythonModel(p)) return loadPythonModel(p);
  throw new InputError(`no model at '${prefix}': expected ${p}.onnx + ${p}_settings.json (@mm/ml) or ${p}_state_dict.pt + ${p}_settings.json (Python MadMiner)`);
}
