// Compiles the syntax tree once into nested closures; evaluation then walks no
// tree and looks nothing up by string except own properties of the scope.
import type { CompareOp, Node } from "./ast.js";
import { BUILTINS, CONSTANTS, describe, mathPow, toNumber, truthy, type Builtin } from "./builtins.js";
import { EvaluationError, ExpressionError } from "./errors.js";
import { parse } from "./parser.js";
import { exprTypeOf, type ExprType } from "./types.js";

/** Variables an expression is evaluated with: name → value (numbers, lists, particle objects, ...); only own properties are read. */
export type Scope = Record<string, unknown>;
type Fn = (scope: Scope) => unknown;

/** Options of `compile`. */
export interface CompileOptions {
  /** Allowed free variables. When given, any other name is a compile-time error. */
  names?: string[];
  /** Extra functions (they take precedence over the built-ins of the same name). */
  functions?: Record<string, (...args: any[]) => unknown>;
  /** Object types recognised by a test, for objects that do not carry EXPR_TYPE. */
  types?: { test: (v: unknown) => boolean; type: ExprType }[];
  /**
   * The object types the scope can hold. When given, an attribute or method
   * name that none of them has (`j[0].foo`) is a compile-time error naming the
   * position and the known names, instead of an evaluation failure per event.
   */
  objectTypes?: ExprType[];
}

/** An expression compiled by `compile`, ready to be evaluated many times (once per event). */
export interface CompiledExpression {
  /** The source text. */
  source: string;
  /** Free variable names the expression reads from the scope, in order of first use. */
  freeNames: string[];
  /** Evaluates with Python semantics; throws EvaluationError when there is no value. */
  evaluate(scope: Scope): unknown;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Compiles a Python expression to a closure. Throws ExpressionError (with the column) when it is not valid. */
export function compile(source: string, options: CompileOptions = {}): CompiledExpression {
  const tree = parse(source);
  const ctx = new Context(source, options);
  const fn = ctx.node(tree);
  return {
    source,
    freeNames: [...ctx.freeNames],
    evaluate: (scope: Scope) => {
      try {
        return fn(scope);
      } catch (err) {
        if (err instanceof EvaluationError) throw err;
        if (err instanceof RangeError) throw new EvaluationError(`evaluation failed: ${err.message}`, source);
        throw err;
      }
    },
  };
}

/** Evaluates to a number (booleans become 0/1); anything else is an EvaluationError. */
export function evaluateNumber(compiled: CompiledExpression, scope: Scope): number {
  const v = compiled.evaluate(scope);
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new EvaluationError(`expected a number, got ${describe(v)}`, compiled.source);
}

class Context {
  readonly freeNames = new Set<string>();
  private readonly allowed: Set<string> | null;
  private readonly functions: Record<string, Builtin>;
  private readonly extraTypes: { test: (v: unknown) => boolean; type: ExprType }[];

  constructor(private readonly src: string, options: CompileOptions) {
    this.allowed = options.names ? new Set(options.names) : null;
    this.functions = Object.assign(Object.create(null), BUILTINS);
    for (const [name, f] of Object.entries(options.functions ?? {})) {
      if (typeof f !== "function") throw new ExpressionError(`option functions.${name} is not a function`, src, 0);
      this.functions[name] = { minArgs: 0, maxArgs: Infinity, fn: (args) => f(...args) };
    }
    this.extraTypes = options.types ?? [];
    if (options.objectTypes) {
      this.attributeNames = new Set();
      this.methodNames = new Set();
      for (const t of options.objectTypes) {
        for (const k of Object.keys(t.attributes ?? {})) this.attributeNames.add(k);
        for (const k of Object.keys(t.methods ?? {})) this.methodNames.add(k);
      }
    }
  }

  private attributeNames: Set<string> | null = null;
  private methodNames: Set<string> | null = null;

  /** With `objectTypes`, an attribute (or, when called, a method) that no type has is a compile error. */
  private checkMember(name: string, pos: number, called: boolean, nArgs = 0): void {
    const attributes = this.attributeNames;
    const methods = this.methodNames;
    if (!attributes || !methods) return;
    if (called && methods.has(name)) return;
    if (attributes.has(name)) {
      // `j[0].pt()` (old scikit-hep spelling) is accepted; `j[0].pt(1)` can never be evaluated.
      if (called && nArgs > 0) this.fail(`'${name}' is an attribute and takes no arguments; write x.${name}`, pos);
      return;
    }
    if (!called && methods.has(name)) this.fail(`'${name}' is a method; call it, e.g. x.${name}(y)`, pos);
    const known = [...attributes].join(", ");
    const knownMethods = [...methods].join(", ");
    this.fail(`unknown ${called ? "method" : "attribute"} '${name}'; attributes: ${known}${knownMethods ? `; methods: ${knownMethods}` : ""}`, pos);
  }

  private fail(message: string, pos: number): never {
    throw new ExpressionError(message, this.src, pos);
  }

  node(n: Node): Fn {
    switch (n.type) {
      case "Number": {
        const v = n.value;
        return () => v;
      }
      case "Constant": {
        const v = n.value;
        return () => v;
      }
      case "Name":
        return this.name(n.name, n.pos);
      case "List": {
        const items = n.items.map((item) => this.node(item));
        return (s) => items.map((f) => f(s));
      }
      case "Attribute": {
        this.checkMember(n.name, n.pos, false);
        const object = this.node(n.object);
        const get = this.attribute(n.name);
        return (s) => get(object(s));
      }
      case "Index":
        return this.index(this.node(n.object), this.node(n.index));
      case "Call":
        return this.call(n);
      case "Unary":
        return this.unary(n.op, this.node(n.operand));
      case "Binary":
        return this.binary(n.op, this.node(n.left), this.node(n.right));
      case "Compare":
        return this.compare(n.ops, n.operands.map((o) => this.node(o)));
      case "BoolOp": {
        const ops = n.operands.map((o) => this.node(o));
        const last = ops.length - 1;
        if (n.op === "and") {
          return (s) => {
            let v: unknown;
            for (let k = 0; k < last; k++) if (!truthy((v = ops[k](s)))) return v;
            return ops[last](s);
          };
        }
        return (s) => {
          let v: unknown;
          for (let k = 0; k < last; k++) if (truthy((v = ops[k](s)))) return v;
          return ops[last](s);
        };
      }
      case "IfElse": {
        const test = this.node(n.test);
        const then = this.node(n.then);
        const otherwise = this.node(n.otherwise);
        return (s) => (truthy(test(s)) ? then(s) : otherwise(s));
      }
    }
  }

  private name(name: string, pos: number): Fn {
    const src = this.src;
    const inScope = this.allowed ? this.allowed.has(name) : !(name in CONSTANTS) && !(name in this.functions);
    if (!inScope) {
      if (name in CONSTANTS) {
        const v = CONSTANTS[name];
        return () => v;
      }
      if (name in this.functions) this.fail(`'${name}' is a function; call it, e.g. ${name}(x)`, pos);
      const known = [...(this.allowed ?? [])].slice(0, 20).join(", ");
      this.fail(`unknown name '${name}'${known ? `; known names: ${known}` : ""}`, pos);
    }
    if (name.startsWith("__")) this.fail(`names starting with '__' are not allowed`, pos);
    this.freeNames.add(name);
    return (s) => {
      if (s !== null && typeof s === "object" && hasOwn.call(s, name)) return s[name];
      throw new EvaluationError(`name '${name}' is not defined`, src);
    };
  }

  private typeOf(v: unknown): ExprType | undefined {
    return exprTypeOf(v, this.extraTypes);
  }

  private attribute(name: string): (v: unknown) => unknown {
    const src = this.src;
    return (v) => {
      const type = this.typeOf(v);
      if (type?.attributes && hasOwn.call(type.attributes, name)) return type.attributes[name](v);
      if (type?.methods && hasOwn.call(type.methods, name)) throw new EvaluationError(`'${name}' of a ${type.name} is a method; call it, e.g. x.${name}(y)`, src);
      throw new EvaluationError(`${type ? `a ${type.name}` : describe(v)} has no attribute '${name}'`, src);
    };
  }

  private index(object: Fn, index: Fn): Fn {
    const src = this.src;
    return (s) => {
      const list = object(s);
      const raw = index(s);
      if (!Array.isArray(list) && !ArrayBuffer.isView(list)) throw new EvaluationError(`${describe(list)} cannot be indexed`, src);
      const items = list as unknown as ArrayLike<unknown>;
      const k = typeof raw === "boolean" ? +raw : raw;
      if (typeof k !== "number" || !Number.isInteger(k)) throw new EvaluationError(`list indices must be integers, got ${describe(raw)}`, src);
      const at = k < 0 ? k + items.length : k;
      if (at < 0 || at >= items.length) throw new EvaluationError(`index ${k} out of range (length ${items.length})`, src);
      return items[at];
    };
  }

  private call(n: Extract<Node, { type: "Call" }>): Fn {
    const args = n.args.map((a) => this.node(a));
    const src = this.src;
    const callee = n.callee;
    if (callee.type === "Name") {
      const f = this.functions[callee.name];
      if (!f) this.fail(`unknown function '${callee.name}'; available: ${Object.keys(this.functions).join(", ")}`, callee.pos);
      if (args.length < f.minArgs || args.length > f.maxArgs) {
        const want = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
        this.fail(`${callee.name}() takes ${want} argument(s), got ${args.length}`, n.pos);
      }
      const fn = f.fn;
      if (args.length === 1) {
        const a0 = args[0];
        return (s) => fn([a0(s)], src);
      }
      return (s) => fn(args.map((a) => a(s)), src);
    }
    if (callee.type === "Attribute") {
      this.checkMember(callee.name, callee.pos, true, n.args.length);
      const object = this.node(callee.object);
      const name = callee.name;
      return (s) => {
        const self = object(s);
        const type = this.typeOf(self);
        if (type?.methods && hasOwn.call(type.methods, name)) return type.methods[name](self, ...args.map((a) => a(s)));
        // Old scikit-hep LorentzVector exposed pt(), eta(), phi() as methods: accept both spellings.
        if (type?.attributes && hasOwn.call(type.attributes, name)) {
          if (args.length > 0) throw new EvaluationError(`'${name}' of a ${type.name} takes no arguments`, src);
          return type.attributes[name](self);
        }
        throw new EvaluationError(`${type ? `a ${type.name}` : describe(self)} has no method '${name}'`, src);
      };
    }
    this.fail("only named functions and methods can be called", n.pos);
  }

  private unary(op: "-" | "+" | "not", operand: Fn): Fn {
    const src = this.src;
    if (op === "not") return (s) => !truthy(operand(s));
    if (op === "-") {
      return (s) => {
        const v = operand(s);
        if (typeof v === "number") return -v;
        // -False is the integer 0 in Python, not -0.0.
        if (typeof v === "boolean") return v ? -1 : 0;
        return -toNumber(v, "unary -", src);
      };
    }
    return (s) => toNumber(operand(s), "unary +", src);
  }

  private objectOp(op: string, a: unknown, b: unknown): unknown {
    for (const v of [a, b]) {
      const f = this.typeOf(v)?.operators?.[op as "+"];
      if (f) {
        const r = f(a, b);
        if (r !== undefined) return r;
      }
    }
    throw new EvaluationError(`unsupported operand types for ${op}: ${describe(a)} and ${describe(b)}`, this.src);
  }

  private binary(op: string, left: Fn, right: Fn): Fn {
    const src = this.src;
    const num = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "boolean" ? +v : null);
    const arith = (f: (x: number, y: number) => number): Fn => (s) => {
      const a = left(s);
      const b = right(s);
      if (typeof a === "number" && typeof b === "number") return f(a, b);
      const x = num(a);
      const y = num(b);
      if (x !== null && y !== null) return f(x, y);
      return this.objectOp(op, a, b);
    };
    switch (op) {
      case "+":
        return arith((x, y) => x + y);
      case "-":
        return arith((x, y) => x - y);
      case "*":
        return arith((x, y) => x * y);
      case "/":
        return arith((x, y) => {
          if (y === 0) throw new EvaluationError("division by zero", src);
          return x / y;
        });
      case "//":
        return arith((x, y) => {
          if (y === 0) throw new EvaluationError("integer division by zero", src);
          return pyFloorDiv(x, y);
        });
      case "%":
        return arith((x, y) => {
          if (y === 0) throw new EvaluationError("modulo by zero", src);
          const r = x % y;
          // Python: the result takes the sign of the divisor.
          return r !== 0 && r < 0 !== y < 0 ? r + y : r;
        });
      case "**":
        return arith((x, y) => mathPow(x, y, src));
    }
    throw new Error(`internal: unknown operator ${op}`);
  }

  private compare(ops: CompareOp[], operands: Fn[]): Fn {
    const tests = ops.map((op) => this.comparator(op));
    if (tests.length === 1) {
      const [a, b] = operands;
      const t = tests[0];
      return (s) => t(a(s), b(s));
    }
    return (s) => {
      let left = operands[0](s);
      for (let k = 0; k < tests.length; k++) {
        const right = operands[k + 1](s);
        if (!tests[k](left, right)) return false;
        left = right;
      }
      return true;
    };
  }

  private comparator(op: CompareOp): (a: unknown, b: unknown) => boolean {
    const src = this.src;
    const ordered = (f: (x: number, y: number) => boolean) => (a: unknown, b: unknown) => {
      if (typeof a === "number" && typeof b === "number") return f(a, b);
      return f(toNumber(a, `comparison '${op}'`, src), toNumber(b, `comparison '${op}'`, src));
    };
    switch (op) {
      case "<":
        return ordered((x, y) => x < y);
      case ">":
        return ordered((x, y) => x > y);
      case "<=":
        return ordered((x, y) => x <= y);
      case ">=":
        return ordered((x, y) => x >= y);
      case "==":
        return pyEquals;
      case "!=":
        return (a, b) => !pyEquals(a, b);
      case "in":
        return (a, b) => contains(b, a, src);
      case "not in":
        return (a, b) => !contains(b, a, src);
    }
  }
}

/** CPython's float floor division (via fmod, so that 1 // 0.1 == 9.0 as in Python). */
export function pyFloorDiv(x: number, y: number): number {
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) return x / y < 0 ? -0 : 0;
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}

/** Python ==: numbers and booleans by value, lists element-wise, other objects by identity. */
function pyEquals(a: unknown, b: unknown): boolean {
  const x = typeof a === "boolean" ? +a : a;
  const y = typeof b === "boolean" ? +b : b;
  if (typeof x === "number" && typeof y === "number") return x === y;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, k) => pyEquals(v, y[k]));
  return x === y;
}

function contains(container: unknown, item: unknown, src: string): boolean {
  if (!Array.isArray(container) && !ArrayBuffer.isView(container)) throw new EvaluationError(`'in' needs a list on the right, got ${describe(container)}`, src);
  const items = container as unknown as ArrayLike<unknown>;
  for (let k = 0; k < items.length; k++) if (pyEquals(items[k], item)) return true;
  return false;
}
