// Basis quality (expected sum of squared morphing weights) and the seeded
// random search for a good basis, drawing from numpy's legacy MT19937 in the
// same order as MadMiner so that a seed reproduces its benchmarks.
import { InputError, RandomState } from "@mm/util";
import { morphingMatrix, type WarningHandler } from "./matrix.js";
import { numpySum } from "./numpysum.js";
import { morphingWeightsBatch } from "./weights.js";

type Components = readonly (readonly number[])[];

/** Random thetas uniform in the ranges: lo + u (hi - lo), u from rng.rand(n × P) (MadMiner's `_draw_random_thetas`). */
export function drawRandomThetas(ranges: readonly (readonly [number, number] | readonly number[])[], n: number, rng: RandomState): number[][] {
  const np = ranges.length;
  const u = rng.rand(n * np);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = new Array<number>(np);
    for (let k = 0; k < np; k++) {
      const lo = ranges[k][0];
      const hi = ranges[k][1];
      t[k] = lo + u[i * np + k] * (hi - lo);
    }
    out.push(t);
  }
  return out;
}

/** Result of {@link evaluateMorphing} with per-theta output. */
export interface MorphingEvaluation {
  /** The random test thetas (n × P). */
  thetas: number[][];
  /** sum_b w_b(theta)^2 at each test theta. */
  squaredWeightSums: Float64Array;
  /** -mean(sum_b w_b^2): MadMiner's objective (larger is better). */
  objective: number;
}

/**
 * Evaluates a basis: draws nTestThetas uniform thetas (one rng.rand call) and
 * returns -E[sum_b w_b(theta)^2] plus the per-theta values (MATH.md §1).
 */
export function evaluateMorphing(matrix: ArrayLike<number>, components: Components, ranges: readonly (readonly number[])[], nTestThetas: number, rng: RandomState): MorphingEvaluation {
  if (!Number.isInteger(nTestThetas) || nTestThetas <= 0) throw new InputError(`evaluateMorphing: nTestThetas must be a positive integer, got ${nTestThetas}`);
  const thetas = drawRandomThetas(ranges, nTestThetas, rng);
  const np = ranges.length;
  const flat = new Float64Array(nTestThetas * np);
  thetas.forEach((t, i) => flat.set(t, i * np));
  const w = morphingWeightsBatch(matrix, components, flat, nTestThetas);
  const nb = w.length / nTestThetas;
  const sums = new Float64Array(nTestThetas);
  const sq = new Float64Array(nb);
  let total = 0;
  for (let i = 0; i < nTestThetas; i++) {
    // MadMiner: squared_weights += np.sum(weights * weights), in numpy's summation order.
    for (let b = 0; b < nb; b++) sq[b] = w[i * nb + b] * w[i * nb + b];
    const s = numpySum(sq);
    sums[i] = s;
    total += s;
  }
  return { thetas, squaredWeightSums: sums, objective: -(total / nTestThetas) };
}

/** Options of {@link optimizeBasis}. */
export interface OptimizeBasisOptions {
  /** Parameter ranges [lo, hi] (one per parameter). */
  ranges: readonly (readonly number[])[];
  /** Fixed basis points kept in front of the basis (n_fixed × P). */
  fixedBenchmarks?: readonly (readonly number[])[];
  /** Number of bases (default 1); the basis gets nBases × n_components points. */
  nBases?: number;
  /** Random bases tried (default 100). */
  nTrials?: number;
  /** Test thetas per trial (default 100). */
  nTestThetas?: number;
  /** Seed of a fresh numpy-compatible RandomState (default 0) — ignored when rng is given. */
  seed?: number;
  /** Generator to draw from (continues its stream). */
  rng?: RandomState;
  /** Where ill-conditioning warnings go. */
  onWarning?: WarningHandler;
}

/** The best basis found by {@link optimizeBasis}. */
export interface OptimizedBasis {
  /** Fixed benchmarks first, then the new points (n_benchmarks × P). */
  basis: number[][];
  /** Its morphing matrix (n_components × n_benchmarks). */
  matrix: Float64Array;
  /** -E[sum_b w_b^2] of the chosen basis. */
  objective: number;
  /** Number of fixed benchmarks at the front of the basis. */
  nFixed: number;
}

/**
 * MadMiner's `optimize_basis`: for each of nTrials, draw the missing basis
 * points (rng.rand(n_missing × P) scaled to the ranges), compute the morphing
 * matrix, evaluate it on nTestThetas fresh random thetas, and keep the trial
 * with the largest objective (strict >, the first wins ties).
 */
export function optimizeBasis(components: Components, options: OptimizeBasisOptions): OptimizedBasis {
  const nc = components.length;
  if (nc === 0) throw new InputError("optimizeBasis: no components defined (call findComponents or setComponents first)");
  const nBases = options.nBases ?? 1;
  const nTrials = options.nTrials ?? 100;
  const nTest = options.nTestThetas ?? 100;
  const fixed = (options.fixedBenchmarks ?? []).map((b) => [...b]);
  const np = options.ranges.length;
  fixed.forEach((b, i) => {
    if (b.length !== np) throw new InputError(`optimizeBasis: fixed benchmark ${i} has ${b.length} values, expected ${np} parameters`);
  });
  if (!Number.isInteger(nTrials) || nTrials < 1) throw new InputError(`optimizeBasis: nTrials must be a positive integer, got ${nTrials}`);
  const nMissing = nBases * nc - fixed.length;
  if (nMissing < 0) throw new InputError(`optimizeBasis: too many fixed benchmarks (${fixed.length}) for ${nBases} basis(es) of ${nc} components`);
  const rng = options.rng ?? new RandomState(options.seed ?? 0);
  let best: OptimizedBasis | null = null;
  for (let trial = 0; trial < nTrials; trial++) {
    const basis = nMissing > 0 ? [...fixed, ...drawRandomThetas(options.ranges, nMissing, rng)] : fixed.map((b) => [...b]);
    const matrix = morphingMatrix(components, basis, { nBases, onWarning: options.onWarning });
    const { objective } = evaluateMorphing(matrix, components, options.ranges, nTest, rng);
    if (best === null || objective > best.objective) best = { basis, matrix, objective, nFixed: fixed.length };
  }
  return best as OptimizedBasis;
}
