// Morphing weights w_b(theta) = sum_c M_cb a_c(theta) and their exact
// gradients (MATH.md §1), for one theta or a batch of thetas. A prepared
// MorphingKernel holds the matrix (transposed for contiguous loops) and the
// packed powers, so repeated calls allocate nothing but their output.
import { InputError } from "@mm/util";

type Components = readonly (readonly number[])[];

/**
 * A morphing matrix and its components, prepared for fast evaluation.
 * Build it once (`new MorphingKernel(matrix, components)`) and call
 * `weights`/`gradients` (one theta) or `weightsBatch`/`gradientsBatch`.
 */
export class MorphingKernel {
  readonly nComponents: number;
  readonly nParameters: number;
  readonly nBenchmarks: number;
  private readonly pow: Int32Array;
  private readonly idx: Int32Array; // [c][k] = k * mp1 + n_ck: where theta_k^n_ck sits in the power table
  private readonly mp1: number;
  private readonly mt: Float64Array; // benchmarks × components
  private readonly powers: Float64Array;
  private readonly a: Float64Array;
  private readonly grad: Float64Array; // [k][c] = d a_c / d theta_k

  /**
   * @param matrix morphing matrix (n_components × n_benchmarks row-major)
   * @param components exponent rows (n_components × n_parameters)
   */
  constructor(matrix: ArrayLike<number>, components: Components) {
    const nc = components.length;
    if (nc === 0) throw new InputError("morphing: no components given");
    const np = components[0].length;
    if (matrix.length % nc !== 0 || matrix.length === 0) {
      throw new InputError(`morphing matrix has ${matrix.length} entries, not a multiple of the ${nc} components`);
    }
    const nb = matrix.length / nc;
    const pow = new Int32Array(nc * np);
    let maxPow = 0;
    for (let c = 0; c < nc; c++) {
      const row = components[c];
      if (row.length !== np) throw new InputError(`component ${c} has ${row.length} powers, component 0 has ${np}`);
      for (let k = 0; k < np; k++) {
        const e = row[k];
        if (!Number.isInteger(e) || e < 0) throw new InputError(`component ${c} has a bad power ${e} for parameter ${k}`);
        pow[c * np + k] = e;
        if (e > maxPow) maxPow = e;
      }
    }
    const mt = new Float64Array(nc * nb);
    for (let c = 0; c < nc; c++) for (let b = 0; b < nb; b++) mt[b * nc + c] = matrix[c * nb + b];
    this.nComponents = nc;
    this.nParameters = np;
    this.nBenchmarks = nb;
    this.pow = pow;
    this.mp1 = maxPow + 1;
    this.idx = pow.map((e, j) => (j % np) * (maxPow + 1) + e);
    this.mt = mt;
    this.powers = new Float64Array(np * this.mp1);
    this.a = new Float64Array(nc);
    this.grad = new Float64Array(np * nc);
  }

  /** Weights at one theta (length n_benchmarks). */
  weights(theta: ArrayLike<number>, out?: Float64Array): Float64Array {
    return this.weightsBatch(theta, 1, out);
  }

  /** Gradients at one theta (n_parameters × n_benchmarks row-major). */
  gradients(theta: ArrayLike<number>, out?: Float64Array): Float64Array {
    return this.gradientsBatch(theta, 1, out);
  }

  /** Weights for nThetas thetas (n_thetas × n_parameters in) → n_thetas × n_benchmarks. */
  weightsBatch(thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
    this.checkTheta(thetas.length, nThetas);
    const { powers, mp1, idx, a, mt } = this;
    const nc = this.nComponents;
    const np = this.nParameters;
    const nb = this.nBenchmarks;
    const res = out ?? new Float64Array(nThetas * nb);
    if (res.length < nThetas * nb) throw new InputError(`output array too small: need ${nThetas * nb}, got ${res.length}`);
    for (let t = 0; t < nThetas; t++) {
      fillPowers(thetas, t * np, np, mp1, powers);
      for (let c = 0; c < nc; c++) {
        let f = 1;
        const base = c * np;
        for (let k = 0; k < np; k++) f *= powers[idx[base + k]];
        a[c] = f;
      }
      const o = t * nb;
      for (let b = 0; b < nb; b++) {
        let s = 0;
        const row = b * nc;
        for (let c = 0; c < nc; c++) s += mt[row + c] * a[c];
        res[o + b] = s;
      }
    }
    return res;
  }

  /** Gradients for nThetas thetas → n_thetas × n_parameters × n_benchmarks. */
  gradientsBatch(thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
    this.checkTheta(thetas.length, nThetas);
    const { powers, mp1, pow, idx, grad, mt } = this;
    const nc = this.nComponents;
    const np = this.nParameters;
    const nb = this.nBenchmarks;
    const size = np * nb;
    const res = out ?? new Float64Array(nThetas * size);
    if (res.length < nThetas * size) throw new InputError(`output array too small: need ${nThetas * size}, got ${res.length}`);
    for (let t = 0; t < nThetas; t++) {
      fillPowers(thetas, t * np, np, mp1, powers);
      for (let c = 0; c < nc; c++) {
        const base = c * np;
        for (let i = 0; i < np; i++) {
          const ei = pow[base + i];
          let f = 0;
          if (ei > 0) {
            f = ei * powers[i * mp1 + ei - 1];
            for (let k = 0; k < np; k++) if (k !== i) f *= powers[idx[base + k]];
          }
          grad[i * nc + c] = f;
        }
      }
      const o = t * size;
      for (let i = 0; i < np; i++) {
        const gi = i * nc;
        for (let b = 0; b < nb; b++) {
          let s = 0;
          const row = b * nc;
          for (let c = 0; c < nc; c++) s += mt[row + c] * grad[gi + c];
          res[o + i * nb + b] = s;
        }
      }
    }
    return res;
  }

  private checkTheta(length: number, nThetas: number): void {
    if (!Number.isInteger(nThetas) || nThetas <= 0 || length !== nThetas * this.nParameters) {
      throw new InputError(`thetas have ${length} values; expected ${nThetas} theta(s) of ${this.nParameters} parameters`);
    }
  }
}

/** powers[k * mp1 + e] = theta_k^e for e < mp1 (repeated multiplication, 0^0 = 1). */
function fillPowers(thetas: ArrayLike<number>, off: number, np: number, mp1: number, powers: Float64Array): void {
  for (let k = 0; k < np; k++) {
    const x = thetas[off + k];
    const b = k * mp1;
    let v = 1;
    powers[b] = 1;
    for (let e = 1; e < mp1; e++) {
      v *= x;
      powers[b + e] = v;
    }
  }
}

function kernelFor(matrix: ArrayLike<number>, components: Components, nParams: number): MorphingKernel {
  const k = new MorphingKernel(matrix, components);
  if (k.nParameters !== nParams) throw new InputError(`the components have ${k.nParameters} powers but theta has ${nParams} parameters`);
  return k;
}

/**
 * Morphing weights at one theta.
 * @param matrix morphing matrix (n_components × n_benchmarks row-major)
 * @returns Float64Array of length n_benchmarks
 */
export function morphingWeights(matrix: ArrayLike<number>, components: Components, theta: ArrayLike<number>): Float64Array {
  return kernelFor(matrix, components, theta.length).weights(theta);
}

/**
 * Gradients of the morphing weights at one theta.
 * @returns Float64Array (n_parameters × n_benchmarks row-major): entry [k][b] = d w_b / d theta_k
 */
export function morphingWeightGradients(matrix: ArrayLike<number>, components: Components, theta: ArrayLike<number>): Float64Array {
  return kernelFor(matrix, components, theta.length).gradients(theta);
}

/**
 * Morphing weights for many thetas.
 * @param thetas n_thetas × n_parameters row-major
 * @param nThetas number of thetas
 * @param out optional output (n_thetas × n_benchmarks), reused to avoid allocation
 * @returns n_thetas × n_benchmarks row-major
 */
export function morphingWeightsBatch(matrix: ArrayLike<number>, components: Components, thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
  const k = new MorphingKernel(matrix, components);
  return k.weightsBatch(thetas, nThetas, out);
}

/**
 * Gradients of the morphing weights for many thetas.
 * @returns n_thetas × n_parameters × n_benchmarks row-major
 */
export function morphingWeightGradientsBatch(matrix: ArrayLike<number>, components: Components, thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
  const k = new MorphingKernel(matrix, components);
  return k.gradientsBatch(thetas, nThetas, out);
}
