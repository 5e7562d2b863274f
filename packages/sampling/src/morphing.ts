// Morphing weights and their gradients from a stored morphing setup
// (MATH.md §1, LAYOUT.md "/morphing"): w_b(theta) = sum_c M[c,b] prod_p theta_p^e[c,p].
// Thin adapters over @mm/morphing taking the setup object the analysis layer keeps.
import { InputError } from "@mm/util";
import { morphingWeights as mw, morphingWeightGradients as mwg, componentWeights as cw } from "@mm/morphing";
import type { SourceMorphing } from "./events.js";

/** prod_p theta_p^e_p per component (0^0 = 1). */
export function componentWeights(components: number[][], theta: ArrayLike<number>): Float64Array {
  return cw(components, theta);
}

function check(morphing: SourceMorphing, theta: ArrayLike<number>): void {
  const C = morphing.components.length;
  if (C === 0 || morphing.matrix.length % C !== 0) throw new InputError(`morphing matrix of ${morphing.matrix.length} values does not fit ${C} components`);
  if (morphing.components[0].length !== theta.length) {
    throw new InputError(`theta has ${theta.length} values but the morphing setup has ${morphing.components[0].length} parameters`);
  }
}

/** Morphing weights w_b(theta), length B_phys. */
export function morphingWeights(morphing: SourceMorphing, theta: ArrayLike<number>): Float64Array {
  check(morphing, theta);
  return mw(morphing.matrix, morphing.components, theta);
}

/** Gradients d w_b / d theta_i, P × B_phys row-major. */
export function morphingWeightGradients(morphing: SourceMorphing, theta: ArrayLike<number>): Float64Array {
  check(morphing, theta);
  return mwg(morphing.matrix, morphing.components, theta);
}
