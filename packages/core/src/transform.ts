// param_card_transform: a safe expression in `theta` (no eval), compiled by @mm/expr.
import { compileTransform } from "@mm/expr";
import { InputError } from "@mm/util";

/**
 * Checks that `source` is an expression in `theta` alone that gives a finite
 * number (tried at theta = 1 and 0.5); returns the compiled function.
 */
export function validateTransform(source: string, parameterName: string): (theta: number) => number {
  let fn: (theta: number) => number;
  try {
    fn = compileTransform(source);
  } catch (err) {
    throw new InputError(
      `parameter '${parameterName}': paramCardTransform '${source}' is not a valid expression in theta: ${(err as Error).message}`,
      { cause: err },
    );
  }
  let ok = false;
  let last: unknown;
  for (const t of [1, 0.5, 2]) {
    try {
      if (Number.isFinite(fn(t))) ok = true;
    } catch (err) {
      last = err;
    }
    if (ok) break;
  }
  if (!ok) {
    throw new InputError(
      `parameter '${parameterName}': paramCardTransform '${source}' gives no finite number for theta = 1, 0.5 or 2${last ? ` (${(last as Error).message})` : ""}`,
      { cause: last },
    );
  }
  return fn;
}
