// param_card_transform strings (e.g. "16.52*theta"): one free variable, theta.
import { compile, evaluateNumber } from "./compile.js";
import { EvaluationError } from "./errors.js";

/** Compiles a `param_card_transform` in `theta` to a function; a non-finite result is an error. */
export function compileTransform(source: string): (theta: number) => number {
  const compiled = compile(source, { names: ["theta"] });
  return (theta: number) => {
    const v = evaluateNumber(compiled, { theta });
    if (!Number.isFinite(v)) throw new EvaluationError(`param_card_transform gives ${v} for theta = ${theta}`, source);
    return v;
  };
}
