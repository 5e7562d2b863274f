// How callers expose their own objects (particles) to expressions: an allow-list
// of attributes, methods and operators per type. Nothing else is reachable.

/**
 * The description of one object type visible to expressions. Attribute and
 * method names are looked up with `Object.hasOwn` on these tables only, so
 * `constructor`, `__proto__` and the prototype chain are never reachable.
 */
export interface ExprType {
  /** Name used in error messages (e.g. "particle"). */
  name: string;
  /** Read-only attributes: `obj.pt`. Also callable with no arguments (`obj.pt()`, old scikit-hep style). */
  attributes?: Record<string, (self: any) => unknown>;
  /** Methods: `obj.deltaR(other)`. */
  methods?: Record<string, (self: any, ...args: unknown[]) => unknown>;
  /** Binary operators where this type is the left or right operand; return undefined when not applicable. */
  operators?: Partial<Record<"+" | "-" | "*" | "/", (a: unknown, b: unknown) => unknown>>;
  /** Python truthiness; objects are true by default. */
  truthy?: (self: any) => boolean;
}

/**
 * The well-known symbol under which a class prototype (or an object) declares
 * its ExprType: `Particle.prototype[EXPR_TYPE] = particleType`.
 */
export const EXPR_TYPE: unique symbol = Symbol.for("@mm/expr.type");

/** Describes `value`'s type, or undefined when it is not an exposed object. */
export function exprTypeOf(value: unknown, extra: readonly { test: (v: unknown) => boolean; type: ExprType }[]): ExprType | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const declared = (value as { [EXPR_TYPE]?: ExprType })[EXPR_TYPE];
  if (declared !== undefined) return declared;
  for (const entry of extra) if (entry.test(value)) return entry.type;
  return undefined;
}
