// Differential test: 3,000 random expressions (seeded) evaluated by @mm/expr and by
// CPython's eval() (Debian's /usr/bin/python3, `from math import *`) in one batch.
// Agreement: booleans and integers exactly; floats to 1e-12 relative (the same IEEE
// operations in the same order; libm may differ in the last ulp); a Python exception
// or complex result must be an EvaluationError here, and vice versa.
// Left out on purpose (documented differences): atan2 of an exact integer zero, whose sign
// Python's ints do not carry (-0 here), and complex intermediate values (an error here).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compile, EvaluationError } from "../src/index.js";
import { debianPython } from "../../../tools/test-support/shared.js";

const python = debianPython(["math", "json"]);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(r: () => number, depth: number): string {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  if (depth === 0 || r() < 0.25) return pick(["0", "1", "2", "3", "5", "0.5", "2.5", "1e-3", "x", "y", "z", "True", "False", "7", "-4"]);
  const a = () => generate(r, depth - 1);
  switch (Math.floor(r() * 9)) {
    case 0:
    case 1:
      return `(${a()} ${pick(["+", "-", "*", "/", "//", "%"])} ${a()})`;
    case 2:
      // Fractional powers of negative numbers are complex in Python (an error here): tested separately.
      return `(${a()} ** ${pick(["0", "1", "2", "3", "-1", "-2"])})`;
    case 3:
      return `(${a()} ${pick(["<", "<=", ">", ">=", "==", "!="])} ${a()}${r() < 0.3 ? ` ${pick(["<", "=="])} ${a()}` : ""})`;
    case 4:
      return `(${a()} ${pick(["and", "or"])} ${a()})`;
    case 5:
      return `(not ${a()})`;
    case 6:
      return `(${a()} if ${a()} else ${a()})`;
    case 7:
      // Arity is checked at compile time here (Python only fails when the call runs), so generate valid arities.
      return r() < 0.6 ? `${pick(["abs", "sqrt", "exp", "log", "floor", "ceil", "cos", "tanh"])}(${a()})` : `${pick(["min", "max", "log", "pow"])}(${a()}, ${a()})`;
    default:
      return `-${a()}`;
  }
}

describe.skipIf(!python)("@mm/expr agrees with CPython on random expressions", () => {
  it("3,000 expressions", () => {
    const r = rng(Number(process.env.MM_EXPR_FUZZ_SEED ?? 20261203));
    const sources = Array.from({ length: 3000 }, () => generate(r, 4));
    const script = [
      "import sys, json",
      "from math import *",
      "env = dict(x=3.0, y=-2.0, z=4)",
      "env.update({k: v for k, v in globals().items() if not k.startswith('_')})",
      "out = []",
      "for s in json.load(sys.stdin):",
      "    try:",
      "        v = eval(s, env)",
      "        out.append('complex' if isinstance(v, complex) else repr(v))",
      "    except Exception as e:",
      "        out.append('ERR ' + type(e).__name__)",
      "print(json.dumps(out))",
    ].join("\n");
    const res = spawnSync(python!, ["-c", script], { input: JSON.stringify(sources), encoding: "utf8", maxBuffer: 1 << 26 });
    expect(res.status, res.stderr).toBe(0);
    const want: string[] = JSON.parse(res.stdout);
    const mismatches: string[] = [];
    let errors = 0;
    sources.forEach((src, k) => {
      const w = want[k];
      let got: unknown;
      let failed = false;
      try {
        // Unknown functions with the wrong number of arguments fail at compile time here, at run time in Python.
        got = compile(src).evaluate({ x: 3.0, y: -2.0, z: 4 });
      } catch (err) {
        if (!(err instanceof EvaluationError) && !/takes \d/.test((err as Error).message)) throw err;
        failed = true;
      }
      if (w.startsWith("ERR") || w === "complex") {
        errors++;
        if (!failed) mismatches.push(`${src}: Python ${w}, @mm/expr ${String(got)}`);
        return;
      }
      if (failed) return void mismatches.push(`${src}: Python ${w}, @mm/expr failed`);
      if (w === "True" || w === "False") {
        if (got !== (w === "True")) mismatches.push(`${src}: Python ${w}, @mm/expr ${String(got)}`);
        return;
      }
      const wv = w === "inf" ? Infinity : w === "-inf" ? -Infinity : w === "nan" ? NaN : Number(w);
      const gv = Number(got);
      const ok = Number.isNaN(wv) ? Number.isNaN(gv) : wv === gv || Math.abs(gv - wv) <= 1e-12 * Math.abs(wv);
      if (!ok || typeof got === "boolean") mismatches.push(`${src}: Python ${w}, @mm/expr ${String(got)}`);
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The sample exercises the error paths too.
    expect(errors).toBeGreaterThan(100);
  });
});
