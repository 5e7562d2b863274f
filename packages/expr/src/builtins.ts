// The whitelisted functions and constants, with Python's `math` semantics:
// a domain error (log(0), sqrt(-1), acos(2)) or an overflow has no value.
import { EvaluationError } from "./errors.js";
import { integerPow } from "./pow.js";

export interface Builtin {
  minArgs: number;
  maxArgs: number;
  fn: (args: unknown[], src: string) => unknown;
}

/** Python's float(x) for numbers and booleans. */
export function toNumber(v: unknown, what: string, src: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new EvaluationError(`${what} expects a number, got ${describe(v)}`, src);
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return "a list";
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function domain(name: string, x: number, src: string): never {
  throw new EvaluationError(`math domain error: ${name}(${x})`, src);
}

function unary(name: string, f: (x: number) => number, valid: (x: number) => boolean = () => true, overflow = false): Builtin {
  return {
    minArgs: 1,
    maxArgs: 1,
    fn: (args, src) => {
      const x = toNumber(args[0], name, src);
      if (!valid(x)) domain(name, x, src);
      const y = f(x);
      if (overflow && !Number.isFinite(y) && Number.isFinite(x)) throw new EvaluationError(`math range error: ${name}(${x}) overflows`, src);
      return y;
    },
  };
}

function toInt(name: string, x: number, src: string): number {
  if (Number.isNaN(x)) throw new EvaluationError(`cannot convert NaN to integer in ${name}()`, src);
  if (!Number.isFinite(x)) throw new EvaluationError(`cannot convert infinity to integer in ${name}()`, src);
  return x;
}

/** Python's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function extremum(name: "min" | "max", better: (a: number, b: number) => boolean): Builtin {
  return {
    minArgs: 1,
    maxArgs: Infinity,
    fn: (args, src) => {
      let items: ArrayLike<unknown> = args;
      if (args.length === 1) {
        const only = args[0];
        if (!Array.isArray(only) && !ArrayBuffer.isView(only)) throw new EvaluationError(`${name}() of a single number; give two or more values or a list`, src);
        items = only as unknown as ArrayLike<unknown>;
      }
      if (items.length === 0) throw new EvaluationError(`${name}() of an empty list`, src);
      // Sequential comparison as in Python, so NaN handling matches (min(nan, 1) is nan, min(1, nan) is 1).
      let best = items[0];
      let bestNum = toNumber(best, name, src);
      for (let k = 1; k < items.length; k++) {
        const v = toNumber(items[k], name, src);
        if (better(v, bestNum)) {
          best = items[k];
          bestNum = v;
        }
      }
      return best;
    },
  };
}

/** The built-in functions available in every expression (math module names plus Python builtins). */
export const BUILTINS: Readonly<Record<string, Builtin>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Builtin>, {
    sqrt: unary("sqrt", Math.sqrt, (x) => !(x < 0)),
    exp: unary("exp", Math.exp, () => true, true),
    log: {
      minArgs: 1,
      maxArgs: 2,
      fn: (args: unknown[], src: string) => {
        const x = toNumber(args[0], "log", src);
        if (!(x > 0) && !Number.isNaN(x)) domain("log", x, src);
        if (args.length === 1) return Math.log(x);
        const b = toNumber(args[1], "log", src);
        if (!(b > 0) && !Number.isNaN(b)) domain("log", b, src);
        const lb = Math.log(b);
        if (lb === 0) throw new EvaluationError("division by zero in log(x, 1)", src);
        return Math.log(x) / lb;
      },
    },
    cos: unary("cos", Math.cos, (x) => Number.isFinite(x) || Number.isNaN(x)),
    sin: unary("sin", Math.sin, (x) => Number.isFinite(x) || Number.isNaN(x)),
    tan: unary("tan", Math.tan, (x) => Number.isFinite(x) || Number.isNaN(x)),
    acos: unary("acos", Math.acos, (x) => !(x < -1 || x > 1)),
    asin: unary("asin", Math.asin, (x) => !(x < -1 || x > 1)),
    atan: unary("atan", Math.atan),
    cosh: unary("cosh", Math.cosh, () => true, true),
    sinh: unary("sinh", Math.sinh, () => true, true),
    tanh: unary("tanh", Math.tanh),
    atan2: {
      minArgs: 2,
      maxArgs: 2,
      fn: (args: unknown[], src: string) => Math.atan2(toNumber(args[0], "atan2", src), toNumber(args[1], "atan2", src)),
    },
    ceil: { minArgs: 1, maxArgs: 1, fn: (args: unknown[], src: string) => Math.ceil(toInt("ceil", toNumber(args[0], "ceil", src), src)) },
    floor: { minArgs: 1, maxArgs: 1, fn: (args: unknown[], src: string) => Math.floor(toInt("floor", toNumber(args[0], "floor", src), src)) },
    pow: {
      minArgs: 2,
      maxArgs: 2,
      fn: (args: unknown[], src: string) => mathPow(toNumber(args[0], "pow", src), toNumber(args[1], "pow", src), src),
    },
    abs: {
      minArgs: 1,
      maxArgs: 1,
      fn: (args: unknown[], src: string) => Math.abs(toNumber(args[0], "abs", src)),
    },
    min: extremum("min", (a, b) => a < b),
    max: extremum("max", (a, b) => a > b),
    len: {
      minArgs: 1,
      maxArgs: 1,
      fn: (args: unknown[], src: string) => {
        const v = args[0];
        if (Array.isArray(v) || ArrayBuffer.isView(v)) return (v as unknown as ArrayLike<unknown>).length;
        throw new EvaluationError(`len() expects a list, got ${describe(v)}`, src);
      },
    },
    float: { minArgs: 1, maxArgs: 1, fn: (args: unknown[], src: string) => toNumber(args[0], "float", src) },
    int: { minArgs: 1, maxArgs: 1, fn: (args: unknown[], src: string) => Math.trunc(toInt("int", toNumber(args[0], "int", src), src)) },
    bool: { minArgs: 1, maxArgs: 1, fn: (args: unknown[]) => truthy(args[0]) },
    round: {
      minArgs: 1,
      maxArgs: 2,
      fn: (args: unknown[], src: string) => {
        const x = toNumber(args[0], "round", src);
        if (args.length === 1) return roundHalfEven(toInt("round", x, src));
        const digits = Math.trunc(toNumber(args[1], "round", src));
        if (!Number.isFinite(x)) return x;
        const f = 10 ** digits;
        return roundHalfEven(x * f) / f;
      },
    },
  }),
);

/** Constants available by name. (`e` is not one: in MadMiner it names the electrons.) */
export const CONSTANTS: Readonly<Record<string, number>> = Object.freeze(Object.assign(Object.create(null), { pi: Math.PI }));

/** Python's math.pow / float ** semantics. */
export function mathPow(a: number, b: number, src: string): number {
  if (a === 0 && b < 0) throw new EvaluationError("division by zero: 0 raised to a negative power", src);
  if (a < 0 && Number.isFinite(b) && !Number.isInteger(b) && Number.isFinite(a)) {
    throw new EvaluationError(`negative number ${a} raised to a fractional power ${b} is complex`, src);
  }
  if (a === 1 || b === 0) return 1; // Python: 1**nan == 1, nan**0 == 1
  const y = Number.isInteger(b) ? integerPow(a, b) : b === 0.5 && a > 0 && Number.isFinite(a) ? Math.sqrt(a) : Math.pow(a, b);
  if (!Number.isFinite(y) && Number.isFinite(a) && Number.isFinite(b)) throw new EvaluationError(`numerical result out of range: ${a}**${b}`, src);
  return y;
}

/** Python truthiness. NaN is true, as in Python. */
export function truthy(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v === null || v === undefined) return false;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return (v as unknown as ArrayLike<unknown>).length > 0;
  return true;
}
