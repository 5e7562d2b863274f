// A natural logarithm accurate to about 2^-70 relative, rounded once, so that
// it agrees with glibc's log (used by numpy) far more often than V8's
// fdlibm-based Math.log: numpy's legacy normals call log once per pair.
// Double-double arithmetic (Dekker/Knuth) on log(m) = 2 atanh((m-1)/(m+1)).

const SPLIT = 134217729; // 2^27 + 1

/** Exact product a*b = p + e (Dekker). */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, e];
}

/** Exact sum a+b = s + e (Knuth). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  const e = a - (s - bb) + (b - bb);
  return [s, e];
}

function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  const [h, l] = twoSum(s, e + al + bl);
  return [h, l];
}

function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}

function ddDiv(ah: number, al: number, bh: number, bl: number): [number, number] {
  const q1 = ah / bh;
  const [p, e] = ddMul(q1, 0, bh, bl);
  const [rh, rl] = ddAdd(ah, al, -p, -e);
  const q2 = (rh + rl) / bh;
  return twoSum(q1, q2);
}

const LN2 = [0.6931471805599453, 2.3190468138462996e-17] as const;
// 1/(2k+1) as double-doubles for the leading series terms.
const INV = [3, 5, 7, 9].map((d) => ddDiv(1, 0, d, 0));

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LE ? 1 : 0;

/** log(x) for finite x > 0, correctly rounded except in extremely rare cases. */
export function preciseLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: bring subnormals into the normal range
    e = -54;
  }
  f64[0] = x;
  e += ((u32[HI] >>> 20) & 0x7ff) - 1023;
  u32[HI] = (u32[HI] & 0x800fffff) | 0x3ff00000; // mantissa in [1, 2)
  let m = f64[0];
  if (m > Math.SQRT2) {
    m /= 2; // exact
    e += 1;
  }
  // s = (m - 1) / (m + 1); m - 1 is exact for m in [0.7, 1.42].
  const [dh, dl] = twoSum(m, 1);
  const [sh, sl] = ddDiv(m - 1, 0, dh, dl);
  const [th, tl] = ddMul(sh, sl, sh, sl); // s^2
  // Series 1 + t/3 + t^2/5 + t^3/7 + t^4/9 in double-double, rest in double.
  let tail = 0;
  for (let k = 25; k >= 11; k -= 2) tail = th * (1 / k + tail);
  let [ph, pl] = ddAdd(INV[3][0], INV[3][1], tail, 0);
  for (let i = 2; i >= 0; i--) {
    [ph, pl] = ddMul(ph, pl, th, tl);
    [ph, pl] = ddAdd(INV[i][0], INV[i][1], ph, pl);
  }
  [ph, pl] = ddMul(ph, pl, th, tl);
  [ph, pl] = ddAdd(1, 0, ph, pl);
  // log(m) = 2 s P
  let [lh, ll] = ddMul(sh, sl, ph, pl);
  lh *= 2;
  ll *= 2;
  const [eh, el] = ddMul(LN2[0], LN2[1], e, 0);
  const [rh, rl] = ddAdd(eh, el, lh, ll);
  return rh + rl;
}
