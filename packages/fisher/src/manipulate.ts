// Profiling and projection of Fisher information matrices (MATH.md §3):
// projection keeps the rows/columns `remaining` (in that order); profiling is the
// Schur complement I_aa - I_an (I_nn)^-1 I_na.
import { InputError, NumericalError, RandomState } from "@mm/util";

function checkSquare(info: number[][], what: string): number {
  const n = info.length;
  if (n === 0 || info.some((r) => r.length !== n)) throw new InputError(`${what}: the Fisher information must be a non-empty square matrix`);
  return n;
}

function checkRemaining(remaining: number[], n: number): void {
  for (const r of remaining) {
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new InputError(`remaining component ${r} is not an index 0..${n - 1} of the ${n}×${n} information`);
  }
}

/** Keeps rows/columns `remaining` (and, with a covariance, the same entries of all four indices). */
export function projectInformation(information: number[][], remaining: number[]): number[][];
export function projectInformation(information: number[][], remaining: number[], covariance: number[][][][]): { information: number[][]; covariance: number[][][][] };
export function projectInformation(information: number[][], remaining: number[], covariance?: number[][][][]) {
  const n = checkSquare(information, "projectInformation");
  checkRemaining(remaining, n);
  const info = remaining.map((x) => remaining.map((y) => information[x][y]));
  if (!covariance) return info;
  const cov = remaining.map((x) => remaining.map((y) => remaining.map((z) => remaining.map((w) => covariance[x][y][z][w]))));
  return { information: info, covariance: cov };
}

/** Solves A X = B for small dense A (Gaussian elimination with partial pivoting). */
function solve(A: number[][], B: number[][]): number[][] {
  const n = A.length;
  const m = B[0]?.length ?? 0;
  const M = A.map((r, i) => [...r, ...B[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (M[p][c] === 0) throw new NumericalError("the information block of the profiled parameters is singular: they are not constrained, so they cannot be profiled");
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      if (f === 0) continue;
      for (let k = c; k < n + m; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => r.slice(n).map((v) => v / M[i][i]));
}

function profileOnly(information: number[][], remaining: number[]): number[][] {
  const n = information.length;
  const nuis: number[] = [];
  for (let i = 0; i < n; i++) if (!remaining.includes(i)) nuis.push(i);
  const phys = remaining.map((x) => remaining.map((y) => information[x][y]));
  if (nuis.length === 0) return phys;
  const mix = nuis.map((x) => remaining.map((y) => information[x][y])); // (n_nuis × m)
  const nn = nuis.map((x) => nuis.map((y) => information[x][y]));
  const sol = solve(nn, mix); // nn^-1 mix
  return phys.map((row, a) => row.map((v, b) => {
    let s = 0;
    for (let k = 0; k < nuis.length; k++) s += mix[k][a] * sol[k][b];
    return v - s;
  }));
}

/**
 * Options of `profileInformation` (Python's `profile_information`): with the covariance of the
 * information, a seeded toy ensemble (`error_propagation_n_ensemble`, `error_propagation_factor`) propagates it.
 */
export interface ProfileOptions {
  /** 4-index covariance of the information: then a toy ensemble propagates it. */
  covariance?: number[][][][];
  /** Toys (default 1000) and the factor scaling the covariance of the toys (default 1e-3), as in MadMiner. */
  nEnsemble?: number;
  factor?: number;
  seed?: number;
}

/** Profiled information; with a covariance, also its covariance from a seeded toy ensemble. */
export function profileInformation(information: number[][], remaining: number[]): number[][];
export function profileInformation(information: number[][], remaining: number[], options: ProfileOptions & { covariance: number[][][][] }): { information: number[][]; covariance: number[][][][] };
export function profileInformation(information: number[][], remaining: number[], options: ProfileOptions = {}) {
  const n = checkSquare(information, "profileInformation");
  checkRemaining(remaining, n);
  const central = profileOnly(information, remaining);
  if (!options.covariance) return central;
  const nEns = options.nEnsemble ?? 1000;
  const factor = options.factor ?? 1e-3;
  const N2 = n * n;
  // covariance of the flattened information, scaled; its Cholesky factor (with tiny jitter when semi-definite)
  const C: number[][] = [];
  for (let x = 0; x < N2; x++) {
    C.push([]);
    for (let y = 0; y < N2; y++) C[x].push(factor * options.covariance[Math.floor(x / n)][x % n][Math.floor(y / n)][y % n]);
  }
  const L = cholesky(C);
  const rs = new RandomState(options.seed ?? 0);
  const m = remaining.length;
  const toys: number[][] = [];
  for (let t = 0; t < nEns; t++) {
    const z = rs.normal(0, 1, N2) as Float64Array;
    const flat = information.flat().map((mu, x) => {
      let s = mu;
      for (let k = 0; k <= x; k++) s += L[x][k] * z[k];
      return s;
    });
    const info = Array.from({ length: n }, (_, i) => flat.slice(i * n, i * n + n));
    toys.push(profileOnly(info, remaining).flat());
  }
  const M2 = m * m;
  const mean = new Array(M2).fill(0);
  for (const t of toys) for (let k = 0; k < M2; k++) mean[k] += t[k] / nEns;
  const cov = Array.from({ length: M2 }, () => new Array(M2).fill(0));
  for (const t of toys) for (let x = 0; x < M2; x++) for (let y = 0; y < M2; y++) cov[x][y] += ((t[x] - mean[x]) * (t[y] - mean[y])) / (nEns - 1) / factor;
  const out = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => Array.from({ length: m }, (_, k) => Array.from({ length: m }, (_, l) => cov[i * m + j][k * m + l]))));
  return { information: central, covariance: out };
}

function cholesky(A: number[][]): number[][] {
  const n = A.length;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(A[i][i]));
  const jitter = 1e-12 * (scale || 1);
  const L = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) L[i][i] = Math.sqrt(Math.max(s + jitter, 0));
      else L[i][j] = L[j][j] > 0 ? s / L[j][j] : 0;
    }
  }
  return L;
}
