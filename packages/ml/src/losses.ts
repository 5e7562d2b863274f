// Training losses of every method (MATH.md section 4, MadMiner's conventions:
// each term is a mean over the batch and over vector components).
import { InputError } from "@mm/util";
import type { Graph } from "./graph.js";
import type { ForwardTensors, EstimatorKind } from "./network.js";

/** Inference methods of MLForge (flows 'nde'/'scandal' come later). */
export type Method =
  | "sally" | "sallino"
  | "carl" | "rolr" | "rascal" | "cascal" | "alice" | "alices"
  | "carl2" | "rolr2" | "rascal2" | "cascal2" | "alice2" | "alices2";

/** Every Method that can be trained, in a fixed order (for validating a method name and listing the choices). */
export const METHODS: readonly Method[] = [
  "sally", "sallino", "carl", "rolr", "rascal", "cascal", "alice", "alices",
  "carl2", "rolr2", "rascal2", "cascal2", "alice2", "alices2",
];

/** The network kind a method trains. */
export function kindOf(method: Method): EstimatorKind {
  if (method === "sally" || method === "sallino") return "score";
  return method.endsWith("2") ? "double_parameterized_ratio" : "parameterized_ratio";
}

/** The training arrays a method needs (besides x). */
export function requiredData(method: Method): ("y" | "theta0" | "theta1" | "r_xz" | "t_xz0" | "t_xz1")[] {
  const base = method.replace(/2$/, "");
  const dbl = method.endsWith("2");
  if (base === "sally" || base === "sallino") return ["t_xz0"];
  const out: ("y" | "theta0" | "theta1" | "r_xz" | "t_xz0" | "t_xz1")[] = ["theta0", "y"];
  if (dbl) out.push("theta1");
  if (base !== "carl" && base !== "cascal") out.push("r_xz");
  if (base === "rascal" || base === "cascal" || base === "alices") out.push("t_xz0", ...(dbl ? (["t_xz1"] as const) : []));
  return out;
}

/** True when the loss has a score term (the graph then differentiates the network w.r.t. theta). */
export function usesScore(method: Method): boolean {
  return requiredData(method).includes("t_xz0") && kindOf(method) !== "score";
}

function mean(g: Graph, v: string): string {
  return g.reduceMean(v, g.shape(v).map((_, i) => i), false);
}

/**
 * Appends the loss of `method` for the forward tensors; declares the data
 * inputs it needs (`y`, `r_xz`: (N, 1); `t_xz0`, `t_xz1`: (N, P)).
 * @returns the scalar loss tensor.
 */
export function buildLoss(g: Graph, method: Method, f: ForwardTensors, nParameters: number, o: { alpha?: number; gradXRegularization?: number | null } = {}): string {
  const base = method.replace(/2$/, "");
  const P = nParameters;
  const one = g.constant(1);
  if (base === "sally" || base === "sallino") {
    if (o.gradXRegularization) throw new InputError("gradXRegularization is supported for ratio methods only (the score network's x-gradient is a Jacobian)");
    const t = g.input("t_xz0", ["N", P]);
    return mean(g, g.square(g.sub(f.output, t)));
  }
  const y = g.input("y", ["N", 1]);
  const logr = f.output;
  const notY = g.sub(one, y);
  let loss: string;
  if (base === "carl" || base === "cascal") {
    // Cross-entropy of s^ = 1/(1+r^) = sigmoid(-log r^) against y.
    loss = mean(g, g.add(g.mul(y, g.softplus(logr)), g.mul(notY, g.softplus(g.neg(logr)))));
  } else {
    const r = g.input("r_xz", ["N", 1]);
    if (base === "rolr" || base === "rascal") {
      // Unbiased regression targets: on theta0 samples (y = 0) E[1/r(x,z) | x] = 1/r(x), on theta1
      // samples (y = 1) E[r(x,z) | x] = r(x). As MadMiner, log r^ and r are clipped to +-10 in log.
      const f = g.clip(logr, -10, 10);
      const rc = g.clip(r, Math.exp(-10), Math.exp(10));
      const num = mean(g, g.mul(notY, g.square(g.sub(g.exp(g.neg(f)), g.div(one, rc)))));
      const den = mean(g, g.mul(y, g.square(g.sub(g.exp(f), rc))));
      loss = g.add(num, den);
    } else {
      // alice: cross-entropy of s^ against s = 1/(1+r).
      const s = g.div(one, g.add(one, r));
      loss = mean(g, g.add(g.mul(s, g.softplus(logr)), g.mul(g.sub(one, s), g.softplus(g.neg(logr)))));
    }
  }
  if (usesScore(method)) {
    if (!f.score0) throw new InputError(`${method}: the forward graph was built without the score`);
    const alpha = g.constant(o.alpha ?? 1);
    const t0 = g.input("t_xz0", ["N", P]);
    let term = mean(g, g.mul(notY, g.square(g.sub(f.score0, t0))));
    if (f.score1) {
      const t1 = g.input("t_xz1", ["N", P]);
      term = g.add(term, mean(g, g.mul(y, g.square(g.sub(f.score1, t1)))));
    }
    loss = g.add(loss, g.mul(alpha, term));
  }
  if (o.gradXRegularization) {
    if (!f.gradX) throw new InputError(`${method}: the forward graph was built without grad_x`);
    loss = g.add(loss, g.mul(g.constant(o.gradXRegularization), mean(g, g.square(f.gradX))));
  }
  return loss;
}
