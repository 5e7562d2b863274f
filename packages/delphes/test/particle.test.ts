import { describe, expect, it } from "vitest";
import { compile, evaluateNumber } from "@mm/expr";
import { Particle, chargeOf, wrapDeltaPhi } from "../src/particle.js";
import { buildObjects } from "../src/objects.js";

// Analytic values; tolerances are a few ulps of the inputs (1e-12 relative) since every
// formula is a handful of floating-point operations.
const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("Particle", () => {
  it("computes pt, eta, phi, m, p from (px, py, pz, E)", () => {
    // 3-4-12 triangle: pt = 5, |p| = 13, E = 13 + ... chosen so m = 10 exactly: E² = 169 + 100.
    const p = new Particle(3, 4, 12, Math.sqrt(269), 11);
    close(p.pt, 5);
    close(p.p, 13);
    close(p.m, 10);
    close(p.eta, Math.asinh(12 / 5));
    close(p.phi, Math.atan2(4, 3));
    expect(p.charge).toBe(-1);
  });
  it("signs the mass of space-like vectors (as ROOT and scikit-hep vector)", () => {
    const p = new Particle(0, 0, 5, 4);
    close(p.m, -3);
  });
  it("round-trips through (pt, eta, phi, m) and (pt, eta, phi, E)", () => {
    const p = Particle.fromPtEtaPhiM(50, -1.3, 2.9, 4.7);
    close(p.pt, 50);
    close(p.eta, -1.3);
    close(p.phi, 2.9);
    close(p.m, 4.7, 1e-9); // m from E² − p² with E ≈ 98: cancellation loses ~ (E/m)² ≈ 400 ulps
    const q = Particle.fromPtEtaPhiE(p.pt, p.eta, p.phi, p.e);
    close(q.m, 4.7, 1e-9);
  });
  it("wraps deltaphi into [-π, π)", () => {
    const a = Particle.fromPtEtaPhiM(10, 0, 3.0, 0);
    const b = Particle.fromPtEtaPhiM(10, 0, -3.0, 0);
    close(a.deltaphi(b), 6.0 - 2 * Math.PI);
    close(b.deltaphi(a), 2 * Math.PI - 6.0);
    expect(wrapDeltaPhi(Math.PI)).toBeCloseTo(-Math.PI, 15);
    close(a.deltaR(b), Math.abs(6.0 - 2 * Math.PI));
    const c = Particle.fromPtEtaPhiM(10, 1.5, 3.0, 0);
    close(c.deltaeta(a), 1.5);
  });
  it("boosts: the rest frame of a system has zero momentum and the same mass", () => {
    const a = new Particle(10, -20, 35, 60);
    const b = new Particle(-5, 12, -3, 25);
    const s = a.add(b);
    const r = s.boostToRestFrameOf(s);
    expect(Math.abs(r.px) + Math.abs(r.py) + Math.abs(r.pz)).toBeLessThan(1e-12 * s.e);
    close(r.e, s.m, 1e-12);
    // The Minkowski product is invariant.
    const [bx, by, bz] = [0.3, -0.2, 0.6];
    close(a.boost(bx, by, bz).dot(b.boost(bx, by, bz)), a.dot(b), 1e-12);
    expect(() => a.boost(1, 0, 0)).toThrow(RangeError);
  });
  it("knows charges from PDG ids", () => {
    expect(chargeOf(2)).toBeCloseTo(2 / 3, 15);
    expect(chargeOf(-1)).toBeCloseTo(1 / 3, 15);
    expect(chargeOf(-13)).toBe(1);
    expect(chargeOf(24)).toBe(1);
    expect(chargeOf(22)).toBe(0);
    expect(chargeOf(12)).toBe(0);
  });
  it("is usable from expressions (attributes, methods, +), and nothing else is reachable", () => {
    const j = [Particle.fromPtEtaPhiM(100, 0.5, 0.1, 0, 21), Particle.fromPtEtaPhiM(50, -1, 2.0, 0, 2)];
    const scope = buildObjects([...j, Particle.fromPtEtaPhiM(30, 0.2, 1, 0, 22).clone()]);
    const ev = (s: string) => evaluateNumber(compile(s), scope as unknown as Record<string, unknown>);
    close(ev("j[0].pt"), 100);
    close(ev("(j[0] + j[1]).m"), j[0].add(j[1]).m);
    close(ev("j[0].deltaphi(j[1])"), j[0].deltaphi(j[1]));
    close(ev("len(j)"), 2);
    expect(() => ev("j[0].constructor")).toThrow();
    expect(() => ev("j[0].__proto__")).toThrow();
  });
});

describe("buildObjects", () => {
  it("sorts collections by descending pt and computes MET from the visible particles", () => {
    const ps = [
      Particle.fromPtEtaPhiM(20, 0, 0, 0, 1),
      Particle.fromPtEtaPhiM(80, 0, 1, 0, 21),
      Particle.fromPtEtaPhiM(40, 0, 2, 0, 11),
      Particle.fromPtEtaPhiM(60, 0, 3, 0, -13),
      Particle.fromPtEtaPhiM(25, 0, -2, 0, 12),
      Particle.fromPtEtaPhiM(35, 0, -1, 0, 22),
    ];
    const o = buildObjects(ps);
    expect(o.j.map((p) => p.pt)).toEqual([80, 20].map((x) => expect.closeTo(x, 10)));
    expect(o.l.map((p) => p.pdgId)).toEqual([-13, 11]);
    expect(o.e.length).toBe(1);
    expect(o.mu.length).toBe(1);
    expect(o.v.length).toBe(1);
    expect(o.a.length).toBe(1);
    // MET = -(sum of visible pT vectors), the neutrino excluded.
    let sx = 0;
    let sy = 0;
    for (const p of ps) if (p.pdgId !== 12) (sx += p.px), (sy += p.py);
    close(o.met.px, -sx);
    close(o.met.py, -sy);
    close(o.met.pt, Math.hypot(sx, sy));
    close(o.all.px, 0, 1e-12);
    expect(o.p).toBe(ps);
  });
});
