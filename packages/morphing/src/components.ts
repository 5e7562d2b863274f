// Morphing components: the monomials prod_k theta_k^n_ck that make up the
// squared matrix element, found from maximal powers or from coupling counts.
import { InputError } from "@mm/util";

/**
 * All exponent rows with n_k <= maxPowers[k] and sum_k n_k <= maxOverallPower,
 * in lexicographic order with the last parameter running fastest (as
 * MadMiner's `itertools.product`).
 *
 * Several operator configurations: give a parameter a tuple of max powers
 * (one per configuration) and `maxOverallPower` an array of the same length;
 * the components of each configuration are appended in turn, skipping
 * duplicates (MadMiner's region loop).
 *
 * @param maxPowers per parameter, a max power or a tuple (one per configuration)
 * @param maxOverallPower bound on the total power (one per configuration); default: no bound
 * @returns component exponent rows, shape (n_components, n_parameters)
 */
export function findComponents(maxPowers: readonly (number | readonly number[])[], maxOverallPower?: number | readonly number[]): number[][] {
  if (maxPowers.length === 0) throw new InputError("findComponents: no parameters given (maxPowers is empty)");
  const nConfigs = Math.max(
    1,
    ...maxPowers.map((m) => (Array.isArray(m) ? m.length : 1)),
    Array.isArray(maxOverallPower) ? maxOverallPower.length : 1,
  );
  const perParam = maxPowers.map((m, k) => {
    const arr = Array.isArray(m) ? (m as readonly number[]) : [m as number];
    if (arr.length !== 1 && arr.length !== nConfigs) {
      throw new InputError(`findComponents: parameter ${k} has ${arr.length} max powers but there are ${nConfigs} operator configurations`);
    }
    for (const v of arr) {
      if (!Number.isInteger(v) || v < 0) throw new InputError(`findComponents: max power of parameter ${k} must be a non-negative integer, got ${v}`);
    }
    return arr;
  });
  const overall = maxOverallPower === undefined ? [Infinity] : Array.isArray(maxOverallPower) ? (maxOverallPower as readonly number[]) : [maxOverallPower as number];
  if (overall.length !== 1 && overall.length !== nConfigs) {
    throw new InputError(`findComponents: ${overall.length} overall max powers given for ${nConfigs} operator configurations`);
  }
  const out: number[][] = [];
  const seen = new Set<string>();
  const p = maxPowers.length;
  for (let r = 0; r < nConfigs; r++) {
    const maxes = perParam.map((arr) => (arr.length === 1 ? arr[0] : arr[r]));
    const bound = overall.length === 1 ? overall[0] : overall[r];
    const powers = new Array<number>(p).fill(0);
    for (;;) {
      let sum = 0;
      for (const v of powers) sum += v;
      if (sum <= bound) {
        const key = powers.join(",");
        if (!seen.has(key)) {
          seen.add(key);
          out.push([...powers]);
        }
      }
      let k = p - 1;
      while (k >= 0 && powers[k] === maxes[k]) {
        powers[k] = 0;
        k--;
      }
      if (k < 0) break;
      powers[k]++;
    }
  }
  return out;
}

/** Coupling counts for {@link findCouplingComponents}. */
export interface CouplingCounts {
  /** Number of couplings in production only. */
  np?: number;
  /** Number of couplings in decay only. */
  nd?: number;
  /** Number of couplings shared by production and decay. */
  ns?: number;
  /** Maximal power of BSM couplings (MadMiner's `BSM_max_power`; default no bound). */
  bsmMaxPower?: number;
}

/**
 * Components of (sum of production couplings)^2 (sum of decay couplings)^2,
 * as MadMiner's `find_components(Np=, Nd=, Ns=)` (its sympy path).
 *
 * Columns are the couplings in the order gd0.., gp0.., gs0.. (only the
 * groups that occur); rows are sorted lexicographically descending, as
 * sympy's `Poly(f).terms()`. The `bsmMaxPower` cut reproduces MadMiner's
 * check, which looks only at the second coupling of each group.
 */
export function findCouplingComponents(counts: CouplingCounts): number[][] {
  const np = counts.np ?? 0;
  const nd = counts.nd ?? 0;
  const ns = counts.ns ?? 0;
  for (const [name, v] of [["np", np], ["nd", nd], ["ns", ns]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 15) throw new InputError(`findCouplingComponents: ${name} must be an integer in 0..15, got ${v}`);
  }
  if (np === 0 && nd === 0 && ns === 0) throw new InputError("findCouplingComponents: coupling numbers not specified (np, nd and ns are all 0)");
  // Variables in sympy's generator order: gd*, gp*, gs* (each group only if present in f).
  const dec = nd + ns > 0;
  const prod = np + ns > 0;
  const nvar = nd + np + ns;
  const idxD = (i: number) => i;
  const idxP = (i: number) => nd + i;
  const idxS = (i: number) => nd + np + i;
  const prodVars = [...Array.from({ length: np }, (_, i) => idxP(i)), ...Array.from({ length: ns }, (_, i) => idxS(i))];
  const decVars = [...Array.from({ length: nd }, (_, i) => idxD(i)), ...Array.from({ length: ns }, (_, i) => idxS(i))];
  // Monomials of (sum vars)^2 for each factor, then their products (coefficients are positive: no cancellation).
  const squares = (vars: number[]): number[][] => {
    const out: number[][] = [];
    for (let a = 0; a < vars.length; a++) {
      for (let b = a; b < vars.length; b++) {
        const e = new Array<number>(nvar).fill(0);
        e[vars[a]]++;
        e[vars[b]]++;
        out.push(e);
      }
    }
    return out;
  };
  const one = [new Array<number>(nvar).fill(0)];
  const left = prod ? squares(prodVars) : one;
  const right = dec ? squares(decVars) : one;
  const seen = new Map<string, number[]>();
  for (const l of left) {
    for (const r of right) {
      const e = l.map((v, i) => v + r[i]);
      seen.set(e.join(","), e);
    }
  }
  // sympy drops generators that do not occur: with nd = 0 the gd columns do not exist anyway.
  let rows = [...seen.values()];
  rows.sort((a, b) => {
    for (let i = 0; i < nvar; i++) if (a[i] !== b[i]) return b[i] - a[i];
    return 0;
  });
  const cut = counts.bsmMaxPower ?? Infinity;
  if (Number.isFinite(cut)) {
    const checked: number[] = [];
    if (nd > 1) checked.push(1);
    if (np > 1) checked.push(nd + 1);
    if (ns > 1) checked.push(nd + np + 1);
    rows = rows.filter((e) => !checked.some((k) => e[k] > cut));
  }
  return rows;
}

/**
 * Minimal number of basis points for np production, nd decay and ns shared
 * couplings (MadMiner's `get_min_basis`).
 */
export function minBasisSize(counts: { np?: number; nd?: number; ns?: number }): number {
  const np = counts.np ?? 0;
  const nd = counts.nd ?? 0;
  const ns = counts.ns ?? 0;
  const res1 = (ns * (ns + 1) * (ns + 2) * (ns + 3 + 4 * (np + nd))) / 24;
  const res2 = (ns * (ns + 1) * np * (np + 1) + ns * (ns + 1) * nd * (nd + 1) + np * (np + 1) * nd * (nd + 1)) / 4;
  const res3 = (ns * np * nd * (ns + np + nd + 3)) / 2;
  return res1 + res2 + res3;
}

/** Component values a_c(theta) = prod_k theta_k^n_ck (MadMiner's component weights). */
export function componentWeights(components: readonly (readonly number[])[], theta: ArrayLike<number>): Float64Array {
  const out = new Float64Array(components.length);
  for (let c = 0; c < components.length; c++) {
    const comp = components[c];
    if (comp.length !== theta.length) throw new InputError(`component ${c} has ${comp.length} powers but theta (or basis point) has ${theta.length} parameters`);
    let f = 1;
    for (let k = 0; k < comp.length; k++) f *= ipow(theta[k], comp[k]);
    out[c] = f;
  }
  return out;
}

/** x^n for a small non-negative integer n (0^0 = 1, as numpy). */
function ipow(x: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= x;
  return r;
}
