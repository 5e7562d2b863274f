// The random stream used by the samplers. Bit-exact reproduction of the Python
// MadMiner outputs needs numpy's legacy RandomState stream, which @mm/util
// provides (`RandomState`). `Rng` is the small interface the samplers use, so
// any generator can be injected.
import { RandomState } from "@mm/util";

/** The random calls the samplers make (numpy RandomState names). */
export interface Rng {
  /** n uniform doubles in [0, 1). */
  rand(n: number): Float64Array;
  /** n draws from N(loc, scale^2). */
  normal(loc: number, scale: number, n: number): Float64Array;
  /** A random permutation of 0..n-1. */
  permutation(n: number): ArrayLike<number>;
}

/** Wraps a @mm/util RandomState (numpy's np.random.RandomState(seed) stream). */
export function rngFromRandomState(rs: RandomState): Rng {
  return {
    rand: (n) => rs.rand(n) as Float64Array,
    normal: (loc, scale, n) => rs.normal(loc, scale, n) as Float64Array,
    permutation: (n) => rs.permutation(n),
  };
}

/** The generator for a seed: same stream as np.random.seed(seed) in the Python calls. */
export function rngFromSeed(seed: number): Rng {
  return rngFromRandomState(new RandomState(seed));
}
