// x ** n for integer n against CPython's float pow (glibc pow, error < 0.52 ulp).
// Ours is correctly rounded (double-double); V8's Math.pow is often 1 ulp off
// (Math.pow(7, -2) != 1/49). Agreement is bit for bit except where glibc itself
// is not correctly rounded, which is rare: at least 99.5% here, and more than Math.pow.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compile } from "../src/index.js";
import { integerPow } from "../src/pow.js";
import { debianPython } from "../../../tools/test-support/shared.js";

const python = debianPython(["json"]);

describe("integer powers", () => {
  it("hand-checked cases", () => {
    expect(integerPow(7, -2)).toBe(1 / 49);
    expect(integerPow(10, -5)).toBe(1e-5);
    expect(integerPow(3, -3)).toBe(0.037037037037037035);
    expect(integerPow(2, 10)).toBe(1024);
    expect(integerPow(-2, 3)).toBe(-8);
    expect(integerPow(10, 400)).toBe(Infinity);
    expect(compile("7 ** -2").evaluate({})).toBe(0.02040816326530612);
    expect(compile("pow(10, -5)").evaluate({})).toBe(1e-5);
  });

  it.skipIf(!python)("5,000 random (x, n): bit-for-bit equal to CPython's x ** n in >= 99.5% of cases, within 1 ulp in all", () => {
    let s = 12345;
    const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pairs: [number, number][] = Array.from({ length: 5000 }, () => {
      const x = (r() < 0.2 ? -1 : 1) * Math.exp((r() - 0.5) * 20) * (r() < 0.3 ? 1 : 1 + r());
      const n = Math.floor(r() * 25) - 12;
      return [x, n];
    });
    const script = "import sys, json\nprint(json.dumps([repr(float(x) ** n) for x, n in json.load(sys.stdin)]))";
    const res = spawnSync(python!, ["-c", script], { input: JSON.stringify(pairs), encoding: "utf8" });
    expect(res.status, res.stderr).toBe(0);
    const want: string[] = JSON.parse(res.stdout);
    const exact = pairs.filter(([x, n], k) => integerPow(x, n) === Number(want[k])).length;
    const exactMathPow = pairs.filter(([x, n], k) => Math.pow(x, n) === Number(want[k])).length;
    const ulp = (v: number) => Math.abs(v) * 2 ** -52;
    const far = pairs.filter(([x, n], k) => Math.abs(integerPow(x, n) - Number(want[k])) > ulp(Number(want[k])));
    console.log(`integer powers equal to CPython: ours ${exact}/5000, Math.pow ${exactMathPow}/5000`);
    expect(exact).toBeGreaterThanOrEqual(4975);
    expect(exact).toBeGreaterThan(exactMathPow);
    expect(far).toEqual([]);
  });
});
