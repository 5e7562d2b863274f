// Expression semantics against values computed by CPython's eval() (Python 3, `from math import *`),
// pasted as literals below. Tolerance: exact for integers/booleans; 1e-15 relative for
// transcendental functions (JS Math and C libm may differ in the last ulp).
import { describe, expect, it } from "vitest";
import { compile, compileTransform, evaluateNumber, EvaluationError, ExpressionError, EXPR_TYPE, parse, type ExprType } from "../src/index.js";

const scope = { x: 3.0, y: -2.0, n: 5, t: true, f: false, L: [1.0, 2.0, 3.0] };

// [source, value printed by CPython]
const PYTHON: [string, number | boolean][] = [
  ['1+2*3', 7],
  ['-2**2', -4],
  ['2**-1', 0.5],
  ['2**3**2', 512],
  ['(-2)**2', 4],
  ['-3//2', -2],
  ['-3%2', 1],
  ['3%-2', -1],
  ['7.5//2', 3.0],
  ['-7.5%2', 0.5],
  ['1e-3*1000', 1.0],
  ['.5+1.', 1.5],
  ['1_000+1', 1001],
  ['x if x>2 else y', 3.0],
  ['x if x<2 else y', -2.0],
  ['1<2<3', true],
  ['3>2>2', false],
  ['1<x<=3', true],
  ['not x', false],
  ['not 0', true],
  ['x and y', -2.0],
  ['0 and y', 0],
  ['0 or y', -2.0],
  ['x or y', 3.0],
  ['None or 4', 4],
  ['True+1', 2],
  ['t*3', 3],
  ['t==1', true],
  ['1.0==1', true],
  ['abs(y)', 2.0],
  ['min(x,y)', -2.0],
  ['max(x,y,10)', 10],
  ['max(L)', 3.0],
  ['min(L)', 1.0],
  ['len(L)', 3],
  ['L[-1]', 3.0],
  ['L[0]+L[1]', 3.0],
  ['sqrt(16)', 4.0],
  ['log(100,10)', 2.0],
  ['exp(1)', 2.718281828459045],
  ['cos(pi)', -1.0],
  ['sin(pi/2)', 1.0],
  ['atan2(1,-1)', 2.356194490192345],
  ['acos(0.5)', 1.0471975511965979],
  ['asin(1)', 1.5707963267948966],
  ['atan(1)', 0.7853981633974483],
  ['cosh(1)', 1.5430806348152437],
  ['sinh(1)', 1.1752011936438014],
  ['tanh(0.5)', 0.46211715726000974],
  ['ceil(2.1)', 3],
  ['floor(-2.1)', -3],
  ['pow(2,10)', 1024.0],
  ['round(2.5)', 2],
  ['round(3.5)', 4],
  ['round(-2.5)', -2],
  ['int(-2.7)', -2],
  ['float(3)', 3.0],
  ['tan(1)', 1.5574077246549023],
  ['2 in L', true],
  ['5 not in L', true],
  ['[1,2][1]', 2],
  ['x**2+y**2', 13.0],
  ['-x**2', -9.0],
  ['not x<2', true],
  ['x<2 or y<0 and x>0', true],
  ['(x+y)*(x-y)/2', 2.5],
  ['10/4', 2.5],
  ['10//4', 2],
  ['-10//4', -3],
  ['2*-3', -6],
  ['--3', 3],
  ['+-+3', -3],
  ['5%3*2', 4],
  ['2**0.5', 1.4142135623730951],
  ['x!=y', true],
  ['x==3', true],
  ['n%2==1', true],
  ['abs(-0.0)', 0.0],
  ['min(3, 2.5)', 2.5],
  ['3 if 0 else 4 if 1 else 5', 4],
  ['1 < 2 == 2', true],
  ['(1 < 2) == 2', false],
];

describe("Python semantics (values from CPython eval)", () => {
  for (const [src, want] of PYTHON) {
    it(`${src} == ${want}`, () => {
      const got = compile(src).evaluate(scope);
      if (typeof want === "boolean") expect(got).toBe(want);
      else {
        expect(typeof got === "number" || typeof got === "boolean").toBe(true);
        const g = Number(got);
        if (Number.isInteger(want)) expect(g).toBe(want);
        else expect(Math.abs(g - want)).toBeLessThanOrEqual(1e-15 * Math.abs(want));
      }
    });
  }

  it("and/or short-circuit: the right operand is not evaluated", () => {
    expect(compile("len(L) > 5 and L[5] > 0").evaluate(scope)).toBe(false);
    expect(compile("len(L) > 0 or L[7]").evaluate(scope)).toBe(true);
    expect(compile("L[9] if False else 1").evaluate(scope)).toBe(1);
  });

  it("a chained comparison evaluates the middle operand once", () => {
    let calls = 0;
    const c = compile("0 < g() < 2", { functions: { g: () => ++calls } });
    expect(c.evaluate({})).toBe(true);
    expect(calls).toBe(1);
  });

  it("NaN is truthy as in Python, and compares false", () => {
    expect(compile("1 if v else 0").evaluate({ v: NaN })).toBe(1);
    expect(compile("v < 1 or v >= 1").evaluate({ v: NaN })).toBe(false);
  });

  it("freeNames lists the scope names used, not functions or pi", () => {
    expect(compile("sqrt(a**2 + b**2) * pi + a").freeNames).toEqual(["a", "b"]);
  });

  it("evaluateNumber turns booleans into 0/1 and rejects lists", () => {
    expect(evaluateNumber(compile("x > 2"), scope)).toBe(1);
    expect(() => evaluateNumber(compile("L"), scope)).toThrow(EvaluationError);
  });
});

describe("run-time failures are EvaluationError (value not defined)", () => {
  const cases: [string, RegExp][] = [
    ["L[3]", /index 3 out of range \(length 3\)/],
    ["L[-4]", /out of range/],
    ["L[0.5]", /integers/],
    ["1/0", /division by zero/],
    ["x//0", /division by zero/],
    ["x%0", /modulo by zero/],
    ["0**-1", /division by zero/],
    ["(-8)**(1/3)", /complex/],
    ["sqrt(y)", /math domain error/],
    ["log(0)", /math domain error/],
    ["acos(2)", /math domain error/],
    ["exp(1000)", /range/],
    ["missing + 1", /name 'missing' is not defined/],
    ["x.pt", /has no attribute 'pt'/],
    ["len(x)", /len\(\) expects a list/],
    ["L + 1", /unsupported operand/],
    ["None < 1", /expects a number/],
    ["max([])", /empty/],
  ];
  for (const [src, msg] of cases) {
    it(src, () => {
      const c = compile(src);
      expect(() => c.evaluate(scope)).toThrow(EvaluationError);
      expect(() => c.evaluate(scope)).toThrow(msg);
    });
  }
});

// A toy particle type: attributes, methods and '+' supplied by the caller.
class P {
  constructor(readonly px: number, readonly py: number, readonly pz: number, readonly e: number, readonly charge = 0) {}
}
const particleType: ExprType = {
  name: "particle",
  attributes: {
    pt: (p: P) => Math.hypot(p.px, p.py),
    m: (p: P) => Math.sqrt(Math.max(0, p.e ** 2 - p.px ** 2 - p.py ** 2 - p.pz ** 2)),
    e: (p: P) => p.e,
    charge: (p: P) => p.charge,
    phi: (p: P) => Math.atan2(p.py, p.px),
  },
  methods: { deltaphi: (a: P, b: unknown) => Math.atan2((b as P).py, (b as P).px) - Math.atan2(a.py, a.px) },
  operators: { "+": (a, b) => (a instanceof P && b instanceof P ? new P(a.px + b.px, a.py + b.py, a.pz + b.pz, a.e + b.e) : undefined) },
};
(P.prototype as unknown as Record<symbol, unknown>)[EXPR_TYPE] = particleType;

describe("objects with a caller-supplied type", () => {
  const j = [new P(30, 40, 0, 60, 1), new P(-3, 0, 4, 10, -1)];
  const s = { j, e: [] as P[], mu: [new P(1, 0, 0, 2, 1)] };
  it("attributes, methods, + and the old phi() spelling", () => {
    expect(compile("j[0].pt").evaluate(s)).toBe(50);
    expect(compile("(j[0] + j[1]).m").evaluate(s)).toBeCloseTo(Math.sqrt(70 ** 2 - 27 ** 2 - 40 ** 2 - 4 ** 2), 12);
    expect(compile("j[0].deltaphi(j[1])").evaluate(s)).toBeCloseTo(Math.PI - Math.atan2(40, 30), 14);
    expect(compile("abs(j[0].phi() - j[1].phi())").evaluate(s)).toBeCloseTo(Math.PI - Math.atan2(40, 30), 14);
    expect(compile("len(e) >= 2 and mu[0].charge > 0").evaluate(s)).toBe(false);
    expect(compile("len(j) >= 2 and mu[0].charge > 0").evaluate(s)).toBe(true);
    expect(compile("j[0].m ** 2").evaluate(s)).toBeCloseTo(60 ** 2 - 50 ** 2, 9);
  });
  it("j[1] in a one-jet event is an EvaluationError", () => {
    expect(() => compile("j[1].pt").evaluate({ j: [j[0]] })).toThrow(/index 1 out of range/);
  });
  it("objectTypes: an attribute or method no type has is a compile error at its column", () => {
    const opts = { objectTypes: [particleType] };
    expect(compile("j[0].pt + j[0].deltaphi(j[1])", opts).evaluate(s)).toBeCloseTo(50 + Math.PI - Math.atan2(40, 30), 12);
    expect(compile("j[0].phi()", opts).evaluate(s)).toBeCloseTo(Math.atan2(40, 30), 14); // old spelling still accepted
    const err = (() => {
      try {
        compile("j[0].pt + j[1].foo", opts);
      } catch (e) {
        return e as ExpressionError;
      }
    })();
    expect(err).toBeInstanceOf(ExpressionError);
    expect(err?.message).toMatch(/at column 16: unknown attribute 'foo'; attributes: pt, m, e, charge, phi; methods: deltaphi/);
    expect(() => compile("j[0].deltaphi", opts)).toThrow(/'deltaphi' is a method; call it/);
    expect(() => compile("j[0].boost(j[1])", opts)).toThrow(/unknown method 'boost'/);
    for (const attack of ["j[0].constructor", "j[0].__proto__", "j[0].hasOwnProperty(x)"]) expect(() => compile(attack, opts)).toThrow(ExpressionError);
    // Without objectTypes the same typo is found per evaluation only.
    expect(() => compile("j[1].foo").evaluate(s)).toThrow(EvaluationError);
  });
  it("a types option recognises objects without EXPR_TYPE", () => {
    const c = compile("o.v * 2", { types: [{ test: (v) => (v as { tag?: string }).tag === "o", type: { name: "o", attributes: { v: (o: { v: number }) => o.v } } }] });
    expect(c.evaluate({ o: { tag: "o", v: 21 } })).toBe(42);
  });
});

describe("attacks", () => {
  const j = [new P(1, 0, 0, 1)];
  const run = (src: string, sc: Record<string, unknown> = { j, x: 1, o: { a: 1 } }) => compile(src).evaluate(sc);
  it("no prototype or constructor access", () => {
    for (const src of ["j[0].constructor", "j[0].__proto__", "x.__class__", "j.constructor", "o.a", "j[0].toString", "j[0].hasOwnProperty", "j[0].px"]) {
      expect(() => run(src), src).toThrow(EvaluationError);
      expect(() => run(src + "()"), src).toThrow(EvaluationError);
    }
    expect(() => run("j[0].constructor('return 1')()")).toThrow(ExpressionError);
    expect(() => run("j[0].constructor(x)")).toThrow(EvaluationError);
  });
  it("scope names are own properties only", () => {
    expect(() => run("constructor")).toThrow(/not defined/);
    expect(() => run("toString")).toThrow(/not defined/);
    expect(() => compile("__proto__")).toThrow(ExpressionError);
    expect(() => compile("__import__('os')")).toThrow(ExpressionError);
  });
  it("unsupported syntax is rejected at compile time", () => {
    for (const src of ["(lambda: 1)", "import os", "x = 1", "'a'", "x; y", "{1: 2}", "x is None", "L[1:2]", "f(a=1)", "1j", "0x10", "(1, 2)", "a & b", "eval('1')", "getattr(x, 'y')"]) {
      expect(() => compile(src), src).toThrow(ExpressionError);
    }
  });
  it("only named functions and methods are callable", () => {
    expect(compile("(abs)(-1)").evaluate({})).toBe(1); // as in Python
    expect(() => compile("L[0](1)")).toThrow(/only named functions/);
    expect(() => compile("x(1)", { names: ["x"] })).toThrow(/unknown function 'x'/);
  });
  it("very long inputs and deep nesting give a clear error, not a stack overflow", () => {
    expect(() => compile("1+".repeat(50_000) + "1")).toThrow(/characters long; the limit is/);
    expect(() => compile("1+".repeat(5_000) + "1")).toThrow(/operators in a row/);
    expect(() => compile("(".repeat(500) + "1" + ")".repeat(500))).toThrow(/nested too deeply/);
    expect(() => compile("-".repeat(500) + "1")).toThrow(/nested too deeply/);
    expect(() => compile("not ".repeat(500) + "1")).toThrow(/nested too deeply/);
    expect(compile("(".repeat(50) + "1" + ")".repeat(50)).evaluate({})).toBe(1);
    expect(compile("+".repeat(1) + "1+".repeat(900) + "1").evaluate({})).toBe(901);
  });
});

describe("parse errors name the position", () => {
  const cases: [string, number, RegExp][] = [
    ["j[0].pt )", 9, /unexpected '\)'/],
    ["(1 + 2", 7, /expected '\)' to close '\(' at column 1/],
    ["1 +", 4, /unexpected end/],
    ["a $ b", 3, /unexpected character '\$'/],
    ["x if y", 7, /expected 'else'/],
    ["j[0].", 6, /attribute name/],
    ["", 1, /empty expression/],
    ["1 2", 3, /unexpected '2'/],
  ];
  for (const [src, column, msg] of cases) {
    it(JSON.stringify(src), () => {
      let err: unknown;
      try {
        compile(src);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ExpressionError);
      const ee = err as ExpressionError;
      expect(ee.column).toBe(column);
      expect(ee.message).toMatch(msg);
      // The caret line points under the column.
      const lines = ee.message.split("\n");
      expect(lines[2].indexOf("^")).toBe(2 + column - 1);
    });
  }
  it("names unknown variables when names are given", () => {
    expect(() => compile("pt_j1 + eta_j9", { names: ["pt_j1", "eta_j1"] })).toThrow(/column 9: unknown name 'eta_j9'; known names: pt_j1, eta_j1/);
  });
  it("checks the number of arguments", () => {
    expect(() => compile("atan2(1)")).toThrow(/atan2\(\) takes 2 argument/);
    expect(() => compile("sqrt(1, 2)")).toThrow(/sqrt\(\) takes 1 argument/);
  });
  it("parse() returns a tree with positions", () => {
    const tree = parse("-2**2");
    expect(tree).toMatchObject({ type: "Unary", op: "-", operand: { type: "Binary", op: "**" } });
  });
});

describe("compileTransform", () => {
  it("16.52*theta and friends", () => {
    expect(compileTransform("16.52*theta")(2)).toBeCloseTo(33.04, 13);
    expect(compileTransform("theta")(0.3)).toBe(0.3);
    expect(compileTransform("1/theta**2")(2)).toBe(0.25);
    expect(compileTransform("sqrt(theta)*pi")(4)).toBe(2 * Math.PI);
  });
  it("rejects other names and non-finite values", () => {
    expect(() => compileTransform("16.52*x")).toThrow(/unknown name 'x'/);
    expect(() => compileTransform("1/theta")(0)).toThrow(EvaluationError);
  });
});
