import { describe, expect, it } from "vitest";
import { parseFortranNumber } from "../src/numbers.js";

describe("parseFortranNumber", () => {
  it("reads the number spellings found in real LHE files", () => {
    // Exact: each literal is the nearest double to the decimal value, as Number() gives.
    expect(parseFortranNumber("0.4E-005")).toBe(0.4e-5);
    expect(parseFortranNumber("0.")).toBe(0);
    expect(parseFortranNumber("-1.")).toBe(-1);
    expect(parseFortranNumber("+4.4988000e-06")).toBe(4.4988e-6);
    expect(parseFortranNumber("-.93544317E+03")).toBe(-935.44317);
    expect(parseFortranNumber("1.0D+03")).toBe(1000);
    expect(parseFortranNumber("2.5d-2")).toBe(0.025);
    expect(parseFortranNumber("7")).toBe(7);
  });
  it("reads Fortran's exponent without a letter (1.0-100)", () => {
    // 1.0 * 10^-100 computed as Number("1.0") * 10 ** -100: within 1 ulp of 1e-100.
    expect(parseFortranNumber("1.0-100")).toBeCloseTo(1e-100, 110);
    expect(parseFortranNumber("-2.5+120") / -2.5e120).toBeCloseTo(1, 14);
  });
  it("rejects what is not a number", () => {
    for (const s of ["", "abc", "0x10", "Infinity", "1.0.0", "--1", "NaN"]) expect(parseFortranNumber(s)).toBeNaN();
  });
});
