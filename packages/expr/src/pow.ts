// x ** n for integer n, correctly rounded like CPython's (glibc's) pow, which
// V8's Math.pow is not (Math.pow(7, -2) is 1 ulp off 1/49). Exponentiation by
// squaring in double-double arithmetic (~106 bits), rounded once at the end.

const SPLITTER = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  const err = e + (ah * bl + al * bh);
  const s = p + err;
  return [s, err - (s - p)];
}

/** x ** n for an integer exponent; falls back to Math.pow where double-double could overflow. */
export function integerPow(x: number, n: number): number {
  const fallback = Math.pow(x, n);
  const m = Math.abs(n);
  if (!Number.isFinite(x) || x === 0 || m > 4096 || !Number.isFinite(fallback) || fallback === 0 || Math.abs(x) > 1e150 || Math.abs(x) < 1e-150) return fallback;
  let rh = 1;
  let rl = 0;
  let bh = x;
  let bl = 0;
  let k = m;
  while (k > 0) {
    if (k & 1) [rh, rl] = ddMul(rh, rl, bh, bl);
    k >>>= 1;
    if (k > 0) [bh, bl] = ddMul(bh, bl, bh, bl);
  }
  if (!Number.isFinite(rh) || Math.abs(rh) > 1e300 || Math.abs(rh) < 1e-290) return fallback;
  if (n >= 0) return rh + rl;
  // 1 / (rh + rl) in double-double: q1 + (1 - q1 * r) / rh.
  const q1 = 1 / rh;
  const [p, e] = twoProd(q1, rh);
  const rem = 1 - p - e - q1 * rl;
  return q1 + rem / rh;
}
