// Linear and logarithmic scales with "nice" tick positions, for axes.

export interface Scale {
  domain: [number, number];
  range: [number, number];
  log: boolean;
  (value: number): number;
  ticks(count?: number): number[];
}

/** Step of roughly `span / count` rounded to 1, 2 or 5 times a power of ten. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** Tick values inside [lo, hi] on a nice step (about `count` of them). */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const step = niceStep(hi - lo, count);
  const start = Math.ceil(lo / step - 1e-9);
  const stop = Math.floor(hi / step + 1e-9);
  const out: number[] = [];
  for (let k = start; k <= stop; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Extends [lo, hi] outwards to multiples of a nice step. */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!(hi > lo)) return [lo - 1, hi + 1];
  const step = niceStep(hi - lo, count);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const s = ((v: number) => r0 + (v - d0) * k) as Scale;
  s.domain = domain;
  s.range = range;
  s.log = false;
  s.ticks = (count = 5) => linearTicks(d0, d1, count);
  return s;
}

export function logScale(domain: [number, number], range: [number, number]): Scale {
  const l0 = Math.log10(domain[0]);
  const l1 = Math.log10(domain[1]);
  const [r0, r1] = range;
  const k = l1 === l0 ? 0 : (r1 - r0) / (l1 - l0);
  const s = ((v: number) => r0 + (Math.log10(Math.max(v, 1e-300)) - l0) * k) as Scale;
  s.domain = domain;
  s.range = range;
  s.log = true;
  s.ticks = () => {
    const out: number[] = [];
    for (let e = Math.ceil(l0 - 1e-9); e <= Math.floor(l1 + 1e-9); e++) out.push(Math.pow(10, e));
    return out;
  };
  return s;
}

/** Tick label: compact, no float noise; powers of ten as 10^n on log axes. */
export function tickLabel(v: number, log = false): string {
  if (log) {
    const e = Math.round(Math.log10(v));
    if (Math.abs(v - Math.pow(10, e)) < 1e-9 * v) return e === 0 ? "1" : e === 1 ? "10" : `10^{${e}}`;
  }
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const e = Math.floor(Math.log10(a));
    const m = Number((v / Math.pow(10, e)).toPrecision(3));
    return m === 1 ? `10^{${e}}` : `${m}×10^{${e}}`;
  }
  return String(Number(v.toPrecision(6))).replace("-", "−");
}
