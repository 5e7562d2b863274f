// Morphing weights and their gradients from a stored morphing setup
// (MATH.md §1, LAYOUT.md "/morphing"): w_b(theta) = sum_c M[c,b] prod_p theta_p^e[c,p].
import { InputError } from "@mm/util";
import type { SourceMorphing } from "./events.js";

/** prod_p theta_p^e_p per component (0^0 = 1). */
export function componentWeights(components: number[][], theta: ArrayLike<number>): Float64Array {
  const out = new Float64Array(components.length);
  for (let c = 0; c < components.length; c++) {
    let v = 1;
    const row = components[c];
    for (let p = 0; p < row.length; p++) if (row[p] !== 0) v *= theta[p] ** row[p];
    out[c] = v;
  }
  return out;
}

/** d/dtheta_i of the component weights: P × C row-major. */
export function componentWeightGradients(components: number[][], theta: ArrayLike<number>): Float64Array {
  const C = components.length;
  const P = theta.length;
  const out = new Float64Array(P * C);
  for (let i = 0; i < P; i++) {
    for (let c = 0; c < C; c++) {
      const row = components[c];
      if (row[i] === 0) continue;
      let v = row[i] * (row[i] === 1 ? 1 : theta[i] ** (row[i] - 1));
      for (let p = 0; p < P; p++) if (p !== i && row[p] !== 0) v *= theta[p] ** row[p];
      out[i * C + c] = v;
    }
  }
  return out;
}

function check(morphing: SourceMorphing, theta: ArrayLike<number>): number {
  const C = morphing.components.length;
  if (C === 0 || morphing.matrix.length % C !== 0) throw new InputError(`morphing matrix of ${morphing.matrix.length} values does not fit ${C} components`);
  if (morphing.components[0].length !== theta.length) {
    throw new InputError(`theta has ${theta.length} values but the morphing setup has ${morphing.components[0].length} parameters`);
  }
  return morphing.matrix.length / C;
}

/** Morphing weights w_b(theta), length B_phys. */
export function morphingWeights(morphing: SourceMorphing, theta: ArrayLike<number>): Float64Array {
  const Bp = check(morphing, theta);
  const cw = componentWeights(morphing.components, theta);
  const out = new Float64Array(Bp);
  const M = morphing.matrix;
  for (let c = 0; c < cw.length; c++) {
    const f = cw[c];
    if (f === 0) continue;
    for (let b = 0; b < Bp; b++) out[b] += M[c * Bp + b] * f;
  }
  return out;
}

/** Gradients d w_b / d theta_i, P × B_phys row-major. */
export function morphingWeightGradients(morphing: SourceMorphing, theta: ArrayLike<number>): Float64Array {
  const Bp = check(morphing, theta);
  const C = morphing.components.length;
  const P = theta.length;
  const g = componentWeightGradients(morphing.components, theta);
  const out = new Float64Array(P * Bp);
  const M = morphing.matrix;
  for (let i = 0; i < P; i++) {
    for (let c = 0; c < C; c++) {
      const f = g[i * C + c];
      if (f === 0) continue;
      for (let b = 0; b < Bp; b++) out[i * Bp + b] += M[c * Bp + b] * f;
    }
  }
  return out;
}
