// Morphing weights w_b(theta) = sum_c M_cb a_c(theta) and their exact
// gradients (MATH.md §1), for one theta or a batch of thetas without
// per-theta allocation.
import { InputError } from "@mm/util";

type Components = readonly (readonly number[])[];

/** Components as a flat Int32Array (n_components × n_parameters) plus the largest power. */
interface Packed {
  nc: number;
  np: number;
  pow: Int32Array;
  maxPow: number;
}

function pack(components: Components, nParams: number): Packed {
  const nc = components.length;
  const pow = new Int32Array(nc * nParams);
  let maxPow = 0;
  for (let c = 0; c < nc; c++) {
    const row = components[c];
    if (row.length !== nParams) throw new InputError(`component ${c} has ${row.length} powers but theta has ${nParams} parameters`);
    for (let k = 0; k < nParams; k++) {
      const e = row[k];
      if (!Number.isInteger(e) || e < 0) throw new InputError(`component ${c} has a bad power ${e} for parameter ${k}`);
      pow[c * nParams + k] = e;
      if (e > maxPow) maxPow = e;
    }
  }
  return { nc, np: nParams, pow, maxPow };
}

function checkMatrix(matrix: ArrayLike<number>, nc: number): number {
  if (nc === 0 || matrix.length % nc !== 0) throw new InputError(`morphing matrix has ${matrix.length} entries, not a multiple of the ${nc} components`);
  return matrix.length / nc;
}

/**
 * Morphing weights at one theta.
 * @param matrix morphing matrix (n_components × n_benchmarks row-major)
 * @returns Float64Array of length n_benchmarks
 */
export function morphingWeights(matrix: ArrayLike<number>, components: Components, theta: ArrayLike<number>): Float64Array {
  const thetas = Float64Array.from(theta);
  return morphingWeightsBatch(matrix, components, thetas, 1);
}

/**
 * Gradients of the morphing weights at one theta.
 * @returns Float64Array (n_parameters × n_benchmarks row-major): entry [k][b] = d w_b / d theta_k
 */
export function morphingWeightGradients(matrix: ArrayLike<number>, components: Components, theta: ArrayLike<number>): Float64Array {
  const thetas = Float64Array.from(theta);
  return morphingWeightGradientsBatch(matrix, components, thetas, 1);
}

/**
 * Morphing weights for many thetas.
 * @param thetas n_thetas × n_parameters row-major
 * @param nThetas number of thetas (n_parameters = thetas.length / nThetas)
 * @param out optional output (n_thetas × n_benchmarks), reused to avoid allocation
 * @returns n_thetas × n_benchmarks row-major
 */
export function morphingWeightsBatch(matrix: ArrayLike<number>, components: Components, thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
  const np = nParametersOf(thetas, nThetas);
  const p = pack(components, np);
  const nc = p.nc;
  const nb = checkMatrix(matrix, nc);
  const mt = transpose(matrix, nc, nb); // benchmarks × components: contiguous inner loop
  const res = out ?? new Float64Array(nThetas * nb);
  if (res.length < nThetas * nb) throw new InputError(`output array too small: need ${nThetas * nb}, got ${res.length}`);
  const mp1 = p.maxPow + 1;
  const powers = new Float64Array(np * mp1);
  const a = new Float64Array(nc);
  for (let t = 0; t < nThetas; t++) {
    fillPowers(thetas, t * np, np, mp1, powers);
    for (let c = 0; c < nc; c++) {
      let f = 1;
      const base = c * np;
      for (let k = 0; k < np; k++) f *= powers[k * mp1 + p.pow[base + k]];
      a[c] = f;
    }
    const o = t * nb;
    for (let b = 0; b < nb; b++) {
      let s = 0;
      for (let c = 0; c < nc; c++) s += mt[b * nc + c] * a[c];
      res[o + b] = s;
    }
  }
  return res;
}

/**
 * Gradients of the morphing weights for many thetas.
 * @returns n_thetas × n_parameters × n_benchmarks row-major
 */
export function morphingWeightGradientsBatch(matrix: ArrayLike<number>, components: Components, thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
  const np = nParametersOf(thetas, nThetas);
  const p = pack(components, np);
  const nc = p.nc;
  const nb = checkMatrix(matrix, nc);
  const mt = transpose(matrix, nc, nb);
  const res = out ?? new Float64Array(nThetas * np * nb);
  if (res.length < nThetas * np * nb) throw new InputError(`output array too small: need ${nThetas * np * nb}, got ${res.length}`);
  const mp1 = p.maxPow + 1;
  const powers = new Float64Array(np * mp1);
  const grad = new Float64Array(np * nc); // [k][c] = d a_c / d theta_k
  for (let t = 0; t < nThetas; t++) {
    fillPowers(thetas, t * np, np, mp1, powers);
    for (let c = 0; c < nc; c++) {
      const base = c * np;
      for (let i = 0; i < np; i++) {
        const ei = p.pow[base + i];
        let f = 0;
        if (ei > 0) {
          f = ei * powers[i * mp1 + ei - 1];
          for (let k = 0; k < np; k++) if (k !== i) f *= powers[k * mp1 + p.pow[base + k]];
        }
        grad[i * nc + c] = f;
      }
    }
    const o = t * np * nb;
    for (let i = 0; i < np; i++) {
      for (let b = 0; b < nb; b++) {
        let s = 0;
        for (let c = 0; c < nc; c++) s += mt[b * nc + c] * grad[i * nc + c];
        res[o + i * nb + b] = s;
      }
    }
  }
  return res;
}

function transpose(matrix: ArrayLike<number>, nc: number, nb: number): Float64Array {
  const mt = new Float64Array(nc * nb);
  for (let c = 0; c < nc; c++) for (let b = 0; b < nb; b++) mt[b * nc + c] = matrix[c * nb + b];
  return mt;
}

function nParametersOf(thetas: ArrayLike<number>, nThetas: number): number {
  if (!Number.isInteger(nThetas) || nThetas <= 0 || thetas.length % nThetas !== 0) {
    throw new InputError(`thetas has ${thetas.length} values, not a multiple of nThetas = ${nThetas}`);
  }
  return thetas.length / nThetas;
}

function fillPowers(thetas: ArrayLike<number>, off: number, np: number, mp1: number, powers: Float64Array): void {
  for (let k = 0; k < np; k++) {
    const x = thetas[off + k];
    let v = 1;
    const b = k * mp1;
    powers[b] = 1;
    for (let e = 1; e < mp1; e++) {
      v *= x;
      powers[b + e] = v;
    }
  }
}
