// The morphing matrix: from components and basis points to the matrix M
// (components × benchmarks) with w_b(theta) = sum_c M_cb a_c(theta).
import { InputError, NumericalError } from "@mm/util";
import { componentWeights } from "./components.js";
import { conditionNumber, invertSquare, pinv } from "./linalg.js";

/** A warning sink: receives a message (default: process.emitWarning). */
export type WarningHandler = (message: string) => void;

/** Options of {@link morphingMatrix}. */
export interface MorphingMatrixOptions {
  /**
   * Number of bases the basis points form (MadMiner's `n_bases`): with k > 1,
   * the basis has k × n_components points, each consecutive block is inverted
   * on its own and all weights are divided by k. Default 1: a square basis is
   * inverted, a basis with more points than components gives the
   * least-squares (minimum-norm) morphing via the pseudo-inverse.
   */
  nBases?: number;
  /** Warn when the condition number of a component-value matrix reaches this (default 1e10, MadMiner's threshold). */
  conditionThreshold?: number;
  /** Where warnings go (default process.emitWarning). */
  onWarning?: WarningHandler;
}

/** Default warning handler: a Node process warning (not console output). */
export const emitWarning: WarningHandler = (message) => {
  process.emitWarning(message, { code: "MM_MORPHING" });
};

/**
 * Component-value matrix A_bc = a_c(theta_b), shape (n_basis × n_components) row-major.
 */
export function componentValueMatrix(components: readonly (readonly number[])[], basis: readonly (ArrayLike<number>)[]): Float64Array {
  const nc = components.length;
  const a = new Float64Array(basis.length * nc);
  basis.forEach((t, b) => a.set(componentWeights(components, t), b * nc));
  return a;
}

/**
 * The morphing matrix M (n_components × n_benchmarks, row-major) of a basis:
 * M = A^-1 for a square basis (MATH.md §1), M = pinv(A) for a basis with more
 * points than components, or block inverses divided by n_bases.
 *
 * @param components exponent rows (n_components × n_parameters)
 * @param basis basis points (n_benchmarks × n_parameters)
 * @throws InputError for too few points, NumericalError for a singular basis
 */
export function morphingMatrix(components: readonly (readonly number[])[], basis: readonly (ArrayLike<number>)[], options: MorphingMatrixOptions = {}): Float64Array {
  const nc = components.length;
  const nb = basis.length;
  const nBases = options.nBases ?? 1;
  const threshold = options.conditionThreshold ?? 1e10;
  const warn = options.onWarning ?? emitWarning;
  if (nc === 0) throw new InputError("morphingMatrix: no components (call findComponents or setComponents first)");
  if (!Number.isInteger(nBases) || nBases < 1) throw new InputError(`morphingMatrix: nBases must be a positive integer, got ${nBases}`);
  if (nBases > 1 && nb !== nBases * nc) {
    throw new InputError(`morphingMatrix: ${nBases} bases of ${nc} components need ${nBases * nc} basis points, got ${nb}`);
  }
  if (nb < nc) {
    throw new InputError(`morphingMatrix: the basis has ${nb} points but there are ${nc} components; morphing needs at least as many benchmarks as components`);
  }
  const a = componentValueMatrix(components, basis);
  const m = new Float64Array(nc * nb);
  if (nBases === 1 && nb > nc) {
    const cond = conditionNumber(a, nb, nc);
    // pinv drops singular values below 1e-15 of the largest: the morphing would no longer be exact.
    if (!(cond < 1e15)) {
      throw new NumericalError(`least-squares morphing basis of ${nb} points is rank deficient for ${nc} components (condition number ${cond.toExponential(3)}); add or move benchmarks`);
    }
    checkCondition(cond, threshold, warn, "least-squares basis");
    return pinv(a, nb, nc); // already (nc × nb)
  }
  const blocks = nBases;
  for (let k = 0; k < blocks; k++) {
    const sub = a.subarray(k * nc * nc, (k + 1) * nc * nc);
    const cond = conditionNumber(sub, nc, nc);
    if (!Number.isFinite(cond)) {
      throw new NumericalError(`morphing basis${blocks > 1 ? ` ${k}` : ""} is singular (condition number infinite): the benchmarks do not determine all ${nc} components; choose different benchmarks`);
    }
    checkCondition(cond, threshold, warn, blocks > 1 ? `basis ${k}` : "basis");
    const inv = invertSquare(sub, nc); // inv[c][b'] for b' within the block
    for (let c = 0; c < nc; c++) {
      for (let j = 0; j < nc; j++) m[c * nb + k * nc + j] = inv[c * nc + j] / blocks;
    }
  }
  return m;
}

function checkCondition(cond: number, threshold: number, warn: WarningHandler, what: string): void {
  if (!(cond < threshold)) {
    warn(`morphing ${what} is ill-conditioned: condition number ${cond.toExponential(3)} (threshold ${threshold.toExponential(1)}); morphing weights will have large cancellations — choose benchmarks further apart`);
  }
}
