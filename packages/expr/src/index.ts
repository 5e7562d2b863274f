// @mm/expr: A safe, Python-compatible expression language for observables, cuts and transforms (no eval).
export {};
