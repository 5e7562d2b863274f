// Analytic toys for the morphing algebra: exactness on polynomials, several
// bases, least squares, conditioning warnings, batch = single, gradients.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { debianPython } from "../../../tools/test-support/shared.js";
import { InputError, NumericalError } from "@mm/util";
import {
  Morpher,
  componentWeights,
  conditionNumber,
  findComponents,
  morphingMatrix,
  morphingWeightGradients,
  morphingWeightGradientsBatch,
  morphingWeights,
  morphingWeightsBatch,
} from "@mm/morphing";

// A toy "squared matrix element" that is exactly a polynomial in the components:
// f(theta) = sum_c k_c a_c(theta). Morphing must reproduce f(theta) = sum_b w_b(theta) f(theta_b).
const comps = findComponents([2, 2], 2); // 1, y, y^2, x, xy, x^2
const coef = [1.3, -0.7, 0.25, 2.1, -0.4, 0.9];
const f = (t: number[]) => componentWeights(comps, t).reduce((s, a, c) => s + coef[c] * a, 0);
const basis6 = [
  [0, 0],
  [1, 0.2],
  [-1.1, 0.3],
  [0.1, 1.2],
  [0.2, -0.9],
  [-0.8, 0.9],
];
const thetas = [
  [0.3, -0.4],
  [2, 1.5],
  [-1.7, -0.2],
];

function morph(m: ArrayLike<number>, basis: number[][], t: number[]): number {
  const w = morphingWeights(m, comps, t);
  return basis.reduce((s, b, i) => s + w[i] * f(b), 0);
}

describe("morphing algebra on an exact polynomial toy", () => {
  it("a square basis reproduces the polynomial (1e-12 relative: a 6x6 well-conditioned solve)", () => {
    const m = morphingMatrix(comps, basis6);
    for (const t of thetas) expect(Math.abs(morph(m, basis6, t) - f(t))).toBeLessThan(1e-12 * Math.max(1, Math.abs(f(t))));
  });

  it("weights sum to 1 when the constant component is present (1e-12)", () => {
    const m = morphingMatrix(comps, basis6);
    for (const t of thetas) expect(Math.abs(morphingWeights(m, comps, t).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
  });

  it("more basis points than components: least squares (pseudo-inverse) is still exact on the polynomial and has minimal norm", () => {
    const basis8 = [...basis6, [1.4, 1.1], [-0.5, -1.3]];
    const m = morphingMatrix(comps, basis8);
    expect(m.length).toBe(comps.length * 8);
    for (const t of thetas) expect(Math.abs(morph(m, basis8, t) - f(t))).toBeLessThan(1e-10 * Math.max(1, Math.abs(f(t))));
    // Minimum norm: the sum of squared weights is no larger than with the first 6 points alone.
    const m6 = morphingMatrix(comps, basis6);
    for (const t of thetas) {
      const w8 = morphingWeights(m, comps, t);
      const w6 = morphingWeights(m6, comps, t);
      expect(w8.reduce((s, v) => s + v * v, 0)).toBeLessThanOrEqual(w6.reduce((s, v) => s + v * v, 0) * (1 + 1e-12));
    }
  });

  it.skipIf(debianPython(["numpy"]) === null)("the least-squares matrix equals numpy.linalg.pinv of the component-value matrix (1e-10 relative to the largest entry)", () => {
    const basis8 = [...basis6, [1.4, 1.1], [-0.5, -1.3]];
    const m = morphingMatrix(comps, basis8);
    const a = basis8.map((t) => Array.from(componentWeights(comps, t)));
    const r = spawnSync(debianPython(["numpy"])!, ["-c", "import json,sys,numpy as np\nprint(json.dumps(np.linalg.pinv(np.array(json.loads(sys.argv[1]))).ravel().tolist()))", JSON.stringify(a)], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout) as number[];
    const scale = Math.max(...ref.map(Math.abs));
    ref.forEach((v, i) => expect(Math.abs(m[i] - v)).toBeLessThan(1e-10 * scale));
  });

  it("n_bases = 2: each block is inverted and weights are halved; morphing stays exact", () => {
    const basis12 = [...basis6, ...basis6.map(([x, y]) => [x * 1.5 + 0.1, y * 1.3 - 0.2])];
    const m = morphingMatrix(comps, basis12, { nBases: 2 });
    const m1 = morphingMatrix(comps, basis6);
    for (const t of thetas) {
      expect(Math.abs(morph(m, basis12, t) - f(t))).toBeLessThan(1e-11 * Math.max(1, Math.abs(f(t))));
      const w = morphingWeights(m, comps, t);
      const w1 = morphingWeights(m1, comps, t);
      for (let b = 0; b < 6; b++) expect(w[b]).toBeCloseTo(w1[b] / 2, 12);
    }
    expect(() => morphingMatrix(comps, basis6, { nBases: 2 })).toThrow(InputError);
  });

  it("a least-squares basis that cannot determine the components is a NumericalError", () => {
    const onAxis = Array.from({ length: 8 }, (_, i) => [i - 3.5, 0]); // y never varies: y, y^2, xy undetermined
    expect(() => morphingMatrix(comps, onAxis, { onWarning: () => {} })).toThrow(/rank deficient/);
  });

  it("too few basis points is an InputError; a singular basis is a NumericalError", () => {
    expect(() => morphingMatrix(comps, basis6.slice(0, 5))).toThrow(InputError);
    const singular = basis6.map((b, i) => (i === 5 ? [...basis6[4]] : b));
    expect(() => morphingMatrix(comps, singular, { onWarning: () => {} })).toThrow(NumericalError);
  });

  it("an ill-conditioned basis warns through onWarning with its condition number", () => {
    const nearly = basis6.map((b, i) => (i === 5 ? [basis6[4][0] + 1e-12, basis6[4][1]] : b));
    const warnings: string[] = [];
    morphingMatrix(comps, nearly, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/condition number \d\.\d+e\+\d+/);
    // And a good basis does not warn.
    const none: string[] = [];
    morphingMatrix(comps, basis6, { onWarning: (m) => none.push(m) });
    expect(none).toHaveLength(0);
  });

  it("conditionNumber matches a diagonal matrix's ratio of extreme entries (exact)", () => {
    expect(conditionNumber(Float64Array.from([4, 0, 0, 0, 2, 0, 0, 0, 0.5]), 3, 3)).toBeCloseTo(8, 12);
  });

  it("gradients equal central finite differences (1e-7 relative: step 1e-5, O(h^2) error)", () => {
    const m = morphingMatrix(comps, basis6);
    const h = 1e-5;
    for (const t of thetas) {
      const g = morphingWeightGradients(m, comps, t);
      for (let k = 0; k < 2; k++) {
        const tp = [...t];
        const tm = [...t];
        tp[k] += h;
        tm[k] -= h;
        const wp = morphingWeights(m, comps, tp);
        const wm = morphingWeights(m, comps, tm);
        for (let b = 0; b < 6; b++) {
          const fd = (wp[b] - wm[b]) / (2 * h);
          expect(Math.abs(g[k * 6 + b] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });

  it("batch APIs give exactly the single-theta results (same arithmetic, bitwise)", () => {
    const m = morphingMatrix(comps, basis6);
    const flat = Float64Array.from(thetas.flat());
    const w = morphingWeightsBatch(m, comps, flat, thetas.length);
    const g = morphingWeightGradientsBatch(m, comps, flat, thetas.length);
    thetas.forEach((t, i) => {
      expect(Array.from(w.subarray(i * 6, i * 6 + 6))).toEqual(Array.from(morphingWeights(m, comps, t)));
      expect(Array.from(g.subarray(i * 12, i * 12 + 12))).toEqual(Array.from(morphingWeightGradients(m, comps, t)));
    });
  });

  it("several operator configurations: tuples of max powers give the union without duplicates", () => {
    // Config 1: x up to 2, y up to 0; config 2: x up to 0, y up to 2 → 1, x, x^2, y, y^2 (no mixed terms).
    expect(findComponents([[2, 0], [0, 2]], [2, 2])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [0, 2],
    ]);
  });
});

describe("Morpher (MadMiner-shaped API)", () => {
  it("setBasis accepts plain points, benchmark records and name → values maps, with the same matrix", () => {
    const params = [
      { name: "a", maxPower: 2, range: [-2, 2] as [number, number] },
      { name: "b", maxPower: 2, range: [-2, 2] as [number, number] },
    ];
    const m1 = new Morpher({ parameters: params });
    m1.findComponents(2);
    m1.setBasis(basis6);
    const m2 = new Morpher({ parameters: params });
    m2.findComponents(2);
    m2.setBasis(basis6.map((v, i) => ({ name: `b${i}`, values: { a: v[0], b: v[1] } })));
    const m3 = new Morpher({ parameters: params });
    m3.setComponents(comps);
    m3.setBasis(Object.fromEntries(basis6.map((v, i) => [`b${i}`, { a: v[0], b: v[1] }])));
    expect(Array.from(m2.morphingMatrix!)).toEqual(Array.from(m1.morphingMatrix!));
    expect(Array.from(m3.morphingMatrix!)).toEqual(Array.from(m1.morphingMatrix!));
    expect(m2.basisNames).toEqual(["b0", "b1", "b2", "b3", "b4", "b5"]);
    expect(Array.from(m1.calculateMorphingWeights([0.3, -0.4]))).toEqual(Array.from(morphingWeights(m1.morphingMatrix!, comps, [0.3, -0.4])));
    expect(m1.calculateMorphingWeightGradient([0.3, -0.4])).toHaveLength(12);
    // Batch methods on the cached kernel equal the one-theta calls bitwise.
    const flat = Float64Array.from(thetas.flat());
    const wb = m1.calculateMorphingWeightsBatch(flat, thetas.length);
    const gb = m1.calculateMorphingWeightGradientsBatch(flat, thetas.length);
    thetas.forEach((t, i) => {
      expect(Array.from(wb.subarray(i * 6, i * 6 + 6))).toEqual(Array.from(m1.calculateMorphingWeights(t)));
      expect(Array.from(gb.subarray(i * 12, i * 12 + 12))).toEqual(Array.from(m1.calculateMorphingWeightGradient(t)));
    });
  });

  it("explains what is missing", () => {
    const m = new Morpher({ parameterMaxPower: [2], parameterRange: [[-1, 1]] });
    expect(() => m.calculateMorphingWeights([0.5])).toThrow(/no components/);
    m.findComponents(2);
    expect(() => m.calculateMorphingWeights([0.5])).toThrow(/no basis/);
    m.setBasis([[0], [0.5], [-0.7]]);
    expect(() => m.calculateMorphingWeights([0.5, 1])).toThrow(/1 parameters/);
  });

  it("optimizeBasis with nBases = 2 returns 2 x n_components points, named after their index", () => {
    const m = new Morpher({ parameterMaxPower: [2, 2], parameterRange: [[-1, 1], [-1, 1]] });
    m.findComponents(2);
    const r = m.optimizeBasis({ nBases: 2, fixedBenchmarks: [[0, 0]], seed: 7, nTrials: 5, nTestThetas: 20 });
    expect(r.basis).toHaveLength(12);
    expect(r.names[0]).toBe("benchmark_0");
    expect(r.names[11]).toBe("morphing_basis_vector_11");
    // Weights of the averaged bases still reproduce the polynomial toy.
    const w = m.calculateMorphingWeights([0.3, -0.4]);
    const s = r.basis.reduce((acc, b, i) => acc + w[i] * f(b), 0);
    expect(Math.abs(s - f([0.3, -0.4]))).toBeLessThan(1e-9);
  });
});
