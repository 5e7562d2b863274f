import { describe, expect, it } from "vitest";
import { DEFAULT_INPUTS, GEV2_TO_PB, differentialCrossSection, forwardBackwardAsymmetry, totalCrossSection } from "../src/index.js";

/** Composite Simpson rule. */
function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}

describe("e+e- → μ+μ- cross sections", () => {
  it("reduces to the QED formula πα²(1 + cos²θ)/(2s) when the Z decouples (relative 1e-9)", () => {
    const qed = { ...DEFAULT_INPUTS, mZ: 1e12, widthZ: 1 };
    const alpha = 1 / qed.alphaInverse;
    for (const sqrtS of [10, 250]) {
      const s = sqrtS * sqrtS;
      for (const c of [-0.9, 0, 0.4]) {
        const expected = ((Math.PI * alpha * alpha * (1 + c * c)) / (2 * s)) * GEV2_TO_PB;
        expect(differentialCrossSection(sqrtS, c, [0, 0], qed) / expected).toBeCloseTo(1, 9);
      }
      // σ = 4πα²/(3s) over the full range
      expect(totalCrossSection(sqrtS, [0, 0], 1, qed) / (((4 * Math.PI * alpha * alpha) / (3 * s)) * GEV2_TO_PB)).toBeCloseTo(1, 9);
    }
  });

  it("analytic total cross section equals numerical integration of dσ/dcosθ (Simpson, quadratic integrand: relative 1e-12)", () => {
    for (const theta of [[0, 0], [1.5, -0.7], [-3, 2]]) {
      for (const cosMax of [1, 0.95, 0.5]) {
        const numeric = simpson((c) => differentialCrossSection(250, c, theta), -cosMax, cosMax);
        expect(totalCrossSection(250, theta, cosMax) / numeric).toBeCloseTo(1, 12);
      }
    }
  });

  it("is a quadratic polynomial in (c_VV, c_AA): 6 points predict any 7th (relative 1e-9, 6×6 solve)", () => {
    const comps = (t: number[]) => [1, t[0], t[1], t[0] * t[0], t[0] * t[1], t[1] * t[1]];
    const pts = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1]];
    const f = (t: number[]) => differentialCrossSection(250, 0.3, t);
    // Solve A x = y by Gauss–Jordan.
    const A = pts.map((p) => [...comps(p), f(p)]);
    for (let c = 0; c < 6; c++) {
      let piv = c;
      for (let r = c + 1; r < 6; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
      [A[c], A[piv]] = [A[piv], A[c]];
      for (let r = 0; r < 6; r++) {
        if (r === c) continue;
        const k = A[r][c] / A[c][c];
        for (let j = c; j < 7; j++) A[r][j] -= k * A[c][j];
      }
    }
    const coef = A.map((r, i) => r[6] / r[i]);
    for (const t of [[2.5, -1.3], [-0.4, 3.1]]) {
      const pred = comps(t).reduce((s, v, k) => s + v * coef[k], 0);
      expect(pred / f(t)).toBeCloseTo(1, 9);
    }
  });

  it("standard-model numbers at √s = 250 GeV are physical (σ ≈ 1.9 pb without ISR, A_FB ≈ 0.5)", () => {
    // Tree level, no ISR: QED alone gives 4πα²/(3s) = 1.49 pb; γ/Z interference and Z² raise it.
    const sigma = totalCrossSection(250, [0, 0]);
    expect(sigma).toBeGreaterThan(1.5);
    expect(sigma).toBeLessThan(2.5);
    const afb = forwardBackwardAsymmetry(250, [0, 0]);
    expect(afb).toBeGreaterThan(0.4);
    expect(afb).toBeLessThan(0.6);
    // A contact term with c_VV > 0 (same sign as the QED amplitude here) raises the rate.
    expect(totalCrossSection(250, [1, 0])).toBeGreaterThan(sigma);
  });
});
