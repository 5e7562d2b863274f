// Training and evaluation arrays from the .npy files written by the sampling
// step (MadMiner's names: x_NAME.npy, theta0_NAME.npy, y_NAME.npy, ...).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError, readNpy } from "@mm/util";
import type { ArrayWithShape, TrainingData } from "./estimator.js";
import { requiredData, type Method } from "./losses.js";

/** Reads a numeric .npy file as float64 data with its shape. */
export function loadArray(path: string): ArrayWithShape & { data: Float64Array } {
  if (!existsSync(path)) throw new InputError(`${path} does not exist`);
  const a = readNpy(path);
  const data = a.data instanceof Float64Array ? a.data : a.data instanceof BigInt64Array ? Float64Array.from(a.data, Number) : Float64Array.from(a.data as ArrayLike<number>);
  return { data, shape: a.shape.length === 1 ? [a.shape[0], 1] : a.shape };
}

/**
 * Loads the training arrays a method needs from `dir`: x_NAME, y_NAME,
 * theta0_NAME, theta1_NAME, r_xz_NAME, t_xz0_NAME (or t_xz_NAME), t_xz1_NAME.
 * For sally/sallino, t_xz_NAME is the joint score at the reference point.
 */
export function loadTrainingSamples(dir: string, name: string, method: Method): TrainingData {
  const files = trainingFiles(dir, name, method);
  const data: TrainingData = { x: loadArray(files.x!) };
  for (const key of requiredData(method)) data[key] = loadArray(files[key]!);
  return data;
}

/** Paths of the .npy files a method trains on (checked to exist). */
export function trainingFiles(dir: string, name: string, method: Method): Partial<Record<keyof TrainingData, string>> {
  const file = (prefix: string) => join(dir, `${prefix}_${name}.npy`);
  if (!existsSync(file("x"))) throw new InputError(`${file("x")} does not exist; create the samples with the sampling step (mm sample ...)`);
  const out: Partial<Record<keyof TrainingData, string>> = { x: file("x") };
  for (const key of requiredData(method)) {
    let path = file(key);
    if (!existsSync(path) && key === "t_xz0") path = file("t_xz");
    if (!existsSync(path)) throw new InputError(`method '${method}' needs ${file(key)}${key === "t_xz0" ? ` (or ${file("t_xz")})` : ""}; create it with the sampling step (mm sample ...)`);
    out[key] = path;
  }
  return out;
}
