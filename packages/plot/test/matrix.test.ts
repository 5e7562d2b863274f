import { describe, expect, it } from "vitest";
import { determinant, squareMatrix, symmetricEigen } from "../src/matrix.js";

describe("matrix helpers", () => {
  it("determinant matches the cofactor expansion (exact small integers, tolerance 1e-12)", () => {
    const a = squareMatrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], 3, "a");
    expect(determinant(a, 3)).toBeCloseTo(4, 12);
    expect(determinant(Float64Array.from([1, 2, 2, 4]), 2)).toBe(0);
  });
  it("eigen-decomposition of a symmetric 2×2 matches the closed form (1e-12)", () => {
    // [[a, b], [b, c]]: λ = (a+c)/2 ± sqrt(((a-c)/2)² + b²)
    const [a, b, c] = [4, 1, 2];
    const { values, vectors } = symmetricEigen(Float64Array.from([a, b, b, c]), 2);
    const m = (a + c) / 2;
    const r = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    expect(values[0]).toBeCloseTo(m + r, 12);
    expect(values[1]).toBeCloseTo(m - r, 12);
    // A v = λ v for the first column
    const v = [vectors[0], vectors[2]];
    expect(a * v[0] + b * v[1]).toBeCloseTo(values[0] * v[0], 12);
    expect(b * v[0] + c * v[1]).toBeCloseTo(values[0] * v[1], 12);
  });
  it("rejects a matrix of the wrong shape naming what was given", () => {
    expect(() => squareMatrix([[1, 2, 3]], 2, "Fisher information 0")).toThrow(/Fisher information 0: expected a 2×2 matrix/);
  });
});
