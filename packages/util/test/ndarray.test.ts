// Shaped-array helpers: row-major offsets, views and conversions (exact).
import { describe, expect, it } from "vitest";
import { InputError, fromNested, getAt, ndarray, offsetOf, row, setAt, shapeSize, stridesOf, toNested, zeros } from "@mm/util";

describe("NDArray helpers", () => {
  it("row-major strides and offsets", () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(offsetOf([2, 3, 4], [1, 2, 3])).toBe(23);
    expect(shapeSize([])).toBe(1);
    expect(() => offsetOf([2, 3], [2, 0])).toThrow(/out of range for axis 0/);
  });

  it("get/set, row views and nested conversions", () => {
    const a = fromNested([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).toEqual([2, 3]);
    expect(getAt(a, 1, 2)).toBe(6);
    const r = row(a, 1);
    r[0] = 40; // a view: writes through
    expect(getAt(a, 1, 0)).toBe(40);
    const z = zeros([2, 2]);
    setAt(z, 7, 0, 1);
    expect(toNested(z)).toEqual([
      [0, 7],
      [0, 0],
    ]);
    expect(() => ndarray(new Float64Array(5), [2, 3])).toThrow(InputError);
    expect(() => fromNested([[1, 2], [3]])).toThrow(/row 1/);
  });
});
