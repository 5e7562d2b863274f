// @mm/expr evaluation speed: compile once, evaluate many times. Numeric cut
// expressions on a plain scope, and particle expressions on a toy particle type
// (attribute getters, a method and '+'), as the LHE reader uses them.
// Run after building: pnpm turbo run build --filter=@mm/expr && node tools/bench/expr.mjs
import { compile, EXPR_TYPE } from "../../packages/expr/dist/index.js";

class P {
  constructor(px, py, pz, e) { this.px = px; this.py = py; this.pz = pz; this.e = e; }
}
P.prototype[EXPR_TYPE] = {
  name: "particle",
  attributes: {
    pt: (p) => Math.hypot(p.px, p.py),
    m: (p) => Math.sqrt(Math.max(0, p.e * p.e - p.px * p.px - p.py * p.py - p.pz * p.pz)),
    eta: (p) => Math.asinh(p.pz / Math.hypot(p.px, p.py)),
    phi: (p) => Math.atan2(p.py, p.px),
  },
  methods: { deltaphi: (a, b) => Math.atan2(b.py, b.px) - Math.atan2(a.py, a.px) },
  operators: { "+": (a, b) => (a instanceof P && b instanceof P ? new P(a.px + b.px, a.py + b.py, a.pz + b.pz, a.e + b.e) : undefined) },
};

const N = Number(process.env.MM_BENCH_EXPR_N ?? 2_000_000);
const scope = { pt_j1: 80, pt_j2: 40, eta_j1: 1.2, eta_j2: -2.1, m_aa: 125.3, j: [new P(30, 40, 10, 60), new P(-3, 0, 4, 10)], a: [new P(20, 1, 3, 21), new P(-10, 5, 2, 12)] };
const cases = [
  "pt_j1 > 30 and pt_j2 > 20",
  "abs(eta_j1 - eta_j2) > 2.5 and 120 < m_aa < 130",
  "sqrt(pt_j1**2 + pt_j2**2) / (1 + exp(-eta_j1))",
  "j[0].pt",
  "(j[0] + j[1]).m",
  "abs(j[0].deltaphi(j[1]))",
  "len(a) >= 2 and (a[0] + a[1]).m > 100",
];
console.log(`@mm/expr: ${N.toLocaleString()} evaluations per expression (node ${process.version})`);
for (const src of cases) {
  const c = compile(src);
  let sink = 0;
  for (let i = 0; i < 10000; i++) sink += Number(c.evaluate(scope)); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += Number(c.evaluate(scope));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${src.padEnd(52)} ${(N / s / 1e6).toFixed(2).padStart(7)} M evals/s  ${((s / N) * 1e9).toFixed(0).padStart(5)} ns/eval  (checksum ${sink.toPrecision(6)})`);
}
const t0 = process.hrtime.bigint();
for (let i = 0; i < 20000; i++) compile("abs(j[0].deltaphi(j[1])) if len(j) >= 2 else -1");
console.log(`compile: ${((Number(process.hrtime.bigint() - t0) / 1e9 / 20000) * 1e6).toFixed(1)} µs per expression`);
