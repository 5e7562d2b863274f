// @mm/expr: a safe, Python-compatible expression language for observables, cuts and transforms (no eval).
export { parse, MAX_LENGTH, MAX_DEPTH, MAX_CHAIN, MAX_TREE_DEPTH } from "./parser.js";
export type { Node, BinaryOp, CompareOp } from "./ast.js";
export { tokenize } from "./tokenizer.js";
export type { Token, TokenKind } from "./tokenizer.js";
export { compile, evaluateNumber } from "./compile.js";
export type { CompileOptions, CompiledExpression, Scope } from "./compile.js";
export { compileTransform } from "./transform.js";
export { ExpressionError, EvaluationError } from "./errors.js";
export { EXPR_TYPE, exprTypeOf } from "./types.js";
export type { ExprType } from "./types.js";
export { BUILTINS, CONSTANTS, truthy } from "./builtins.js";
