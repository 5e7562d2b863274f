// numpy's legacy `np.random.RandomState` (MT19937) reproduced bit for bit, so
// that seeded MadMiner procedures (basis optimisation, sampling) give the
// same numbers as the Python original. Also the library's generic seeded RNG.
import { InputError } from "./errors.js";
import { preciseLog } from "./log.js";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Options of {@link RandomState.choice}. */
export interface ChoiceOptions {
  /** Draw with replacement (default true, as numpy). */
  replace?: boolean;
  /** Probabilities of each element (must sum to 1 within sqrt(machine epsilon)). */
  p?: ArrayLike<number>;
}

/**
 * numpy's legacy MT19937 `RandomState`: same seed, same stream as
 * `np.random.RandomState(seed)` / `np.random.seed(seed)`.
 *
 * Draws follow numpy's legacy algorithms: 53-bit doubles from two 32-bit
 * words, masked rejection for integers, the polar Box-Muller method with a
 * cached second value for normals, Fisher-Yates with masked rejection for
 * shuffles.
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** @param seed an integer in [0, 2^32 - 1] (numpy's rule), or an array of such integers (init_by_array). */
  constructor(seed: number | ArrayLike<number> = 0) {
    this.seed(seed);
  }

  /** Re-seeds the generator exactly as `np.random.seed(seed)`. */
  seed(seed: number | ArrayLike<number>): void {
    if (typeof seed === "number") {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new InputError(`RandomState seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
      }
      this.initGenrand(seed >>> 0);
    } else {
      this.initByArray(seed);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to float rounding.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
  }

  private initByArray(key: ArrayLike<number>): void {
    const mt = this.mt;
    const len = key.length;
    if (len === 0) throw new InputError("RandomState seed array must not be empty");
    for (let k = 0; k < len; k++) {
      const v = key[k];
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        throw new InputError(`RandomState seed array entries must be integers in [0, 2**32 - 1], got ${v} at index ${k}`);
      }
    }
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + (key[j] >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  private generate(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** The next raw 32-bit output (unsigned). */
  nextUint32(): number {
    if (this.pos === N) this.generate();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One double in [0, 1) with 53 random bits (numpy's `random_sample`). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** One standard normal draw: numpy's legacy polar Box-Muller with a cached second value. */
  nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const t = this.gauss;
      this.gauss = 0;
      return t;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.nextDouble() - 1.0;
      x2 = 2.0 * this.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * preciseLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Uniform integer in [0, max] by masked rejection (numpy's `random_interval` / masked bounded ints). */
  nextInterval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isInteger(max) || max < 0 || max > Number.MAX_SAFE_INTEGER) {
      throw new InputError(`random interval bound must be an integer in [0, 2^53), got ${max}`);
    }
    if (max <= 0xffffffff) {
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      mask >>>= 0;
      let v: number;
      do {
        v = (this.nextUint32() & mask) >>> 0;
      } while (v > max);
      return v;
    }
    // 64-bit path: next_uint64 = (hi << 32) | lo, masked; max < 2^53 so the mask's high word is < 2^21.
    const hiMax = Math.floor(max / 4294967296);
    let hiMask = hiMax;
    hiMask |= hiMask >>> 1;
    hiMask |= hiMask >>> 2;
    hiMask |= hiMask >>> 4;
    hiMask |= hiMask >>> 8;
    hiMask |= hiMask >>> 16;
    let v: number;
    do {
      const hi = (this.nextUint32() & hiMask) >>> 0;
      const lo = this.nextUint32();
      v = hi * 4294967296 + lo;
    } while (v > max);
    return v;
  }

  /** `rand(n)`: n uniform doubles in [0, 1) (row-major; pass the product of the shape). Without n, one number. */
  rand(): number;
  rand(n: number): Float64Array;
  rand(n?: number): number | Float64Array {
    if (n === undefined) return this.nextDouble();
    const out = new Float64Array(checkCount(n, "rand"));
    for (let i = 0; i < out.length; i++) out[i] = this.nextDouble();
    return out;
  }

  /** Alias of {@link rand} (numpy's `random_sample`). */
  randomSample(): number;
  randomSample(n: number): Float64Array;
  randomSample(n?: number): number | Float64Array {
    return n === undefined ? this.nextDouble() : this.rand(n);
  }

  /** `uniform(low, high, n)`: low + (high - low) * u, as numpy. */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, n: number): Float64Array;
  uniform(low = 0, high = 1, n?: number): number | Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) throw new InputError(`uniform: range high - low is not finite (low=${low}, high=${high})`);
    if (n === undefined) return low + range * this.nextDouble();
    const out = new Float64Array(checkCount(n, "uniform"));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.nextDouble();
    return out;
  }

  /** `normal(loc, scale, n)`: loc + scale * gauss, as numpy's legacy normal. */
  normal(loc?: number, scale?: number): number;
  normal(loc: number, scale: number, n: number): Float64Array;
  normal(loc = 0, scale = 1, n?: number): number | Float64Array {
    if (scale < 0) throw new InputError(`normal: scale must be non-negative, got ${scale}`);
    if (n === undefined) return loc + scale * this.nextGauss();
    const out = new Float64Array(checkCount(n, "normal"));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.nextGauss();
    return out;
  }

  /** `standard_normal(n)`. */
  standardNormal(n: number): Float64Array {
    return this.normal(0, 1, n);
  }

  /**
   * `randint(low, high, n)`: integers in [low, high) (numpy's default int64
   * path with masked rejection). With one argument, [0, low).
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, n: number): Float64Array;
  randint(low: number, high?: number, n?: number): number | Float64Array {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw new InputError(`randint: bounds must be integers, got ${low}, ${high}`);
    if (high <= low) throw new InputError(`randint: low >= high (low=${low}, high=${high})`);
    const rng = high - 1 - low;
    if (n === undefined) return low + this.nextInterval(rng);
    const out = new Float64Array(checkCount(n, "randint"));
    for (let i = 0; i < out.length; i++) out[i] = low + this.nextInterval(rng);
    return out;
  }

  /** In-place Fisher-Yates shuffle of a 1-d array, as numpy's legacy `shuffle`. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInterval(i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /**
   * Shuffles the rows of a row-major 2-d array in place, as numpy's legacy
   * `shuffle` on a 2-d ndarray (same draws as shuffling n row indices).
   */
  shuffleRows<T extends Float64Array | Float32Array | Int32Array | Uint8Array | BigInt64Array>(data: T, rowLength: number): T {
    if (!Number.isInteger(rowLength) || rowLength <= 0 || data.length % rowLength !== 0) {
      throw new InputError(`shuffleRows: array of ${data.length} values is not made of rows of ${rowLength}`);
    }
    const n = data.length / rowLength;
    const tmp = data.slice(0, rowLength) as T;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInterval(i);
      if (j === i) continue;
      tmp.set(data.subarray(i * rowLength, (i + 1) * rowLength) as never);
      data.copyWithin(i * rowLength, j * rowLength, (j + 1) * rowLength);
      data.set(tmp as never, j * rowLength);
    }
    return data;
  }

  /** `permutation(n)`: a shuffled arange(n). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(checkCount(n, "permutation"));
    for (let i = 0; i < out.length; i++) out[i] = i;
    return this.shuffle(out);
  }

  /**
   * `choice(n, size, { replace, p })`: indices into a population of n, as
   * numpy's legacy `RandomState.choice(n, size, replace, p)`.
   */
  choice(n: number, size: number, options: ChoiceOptions = {}): Int32Array {
    const replace = options.replace ?? true;
    checkCount(n, "choice population");
    checkCount(size, "choice size");
    if (n === 0 && size > 0) throw new InputError("choice: population is empty but samples were requested");
    let p: Float64Array | null = null;
    if (options.p !== undefined) {
      if (options.p.length !== n) throw new InputError(`choice: p has length ${options.p.length}, population has ${n}`);
      p = Float64Array.from(options.p);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        if (!(p[i] >= 0)) throw new InputError(`choice: probabilities must be non-negative, p[${i}] = ${p[i]}`);
      }
      for (let i = 0; i < n; i++) sum += p[i];
      if (Math.abs(sum - 1) > Math.sqrt(Number.EPSILON)) throw new InputError(`choice: probabilities do not sum to 1 (sum = ${sum})`);
    }
    const out = new Int32Array(size);
    if (replace) {
      if (p) {
        const cdf = cumulative(p);
        for (let i = 0; i < size; i++) out[i] = searchSortedRight(cdf, this.nextDouble());
      } else {
        for (let i = 0; i < size; i++) out[i] = this.nextInterval(n - 1);
      }
      return out;
    }
    if (size > n) throw new InputError(`choice: cannot take a larger sample (${size}) than the population (${n}) without replacement`);
    if (!p) {
      const perm = this.permutation(n);
      out.set(perm.subarray(0, size));
      return out;
    }
    let nonzero = 0;
    for (let i = 0; i < n; i++) if (p[i] > 0) nonzero++;
    if (nonzero < size) throw new InputError(`choice: fewer non-zero entries in p (${nonzero}) than size (${size})`);
    let found = 0;
    while (found < size) {
      const x = this.rand(size - found);
      for (let i = 0; i < found; i++) p[out[i]] = 0;
      const cdf = cumulative(p);
      const draws = new Int32Array(x.length);
      for (let i = 0; i < x.length; i++) draws[i] = searchSortedRight(cdf, x[i]);
      // numpy keeps the first occurrence of each new value, in draw order.
      const seen = new Set<number>();
      for (let i = 0; i < draws.length; i++) {
        const v = draws[i];
        if (seen.has(v)) continue;
        seen.add(v);
        out[found++] = v;
      }
    }
    return out;
  }
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new InputError(`${what}: size must be a non-negative integer, got ${n}`);
  return n;
}

/** numpy's cumsum followed by `cdf /= cdf[-1]`. */
function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i];
    cdf[i] = s;
  }
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** numpy's `searchsorted(side="right")`: first index with cdf[i] > x. */
function searchSortedRight(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
