// The two failures of an expression: it cannot be compiled (ExpressionError,
// with the position) or it has no value for this input (EvaluationError).
import { InputError, MadMinerError } from "@mm/util";

/** Renders the source with a caret under a 0-based position. */
export function caretLine(source: string, position: number): string {
  // Show at most 60 characters around the position so very long inputs stay readable.
  const from = Math.max(0, position - 40);
  const to = Math.min(source.length, position + 20);
  const snippet = (from > 0 ? "..." : "") + source.slice(from, to).replace(/[\r\n\t]/g, " ") + (to < source.length ? "..." : "");
  const caretAt = (from > 0 ? 3 : 0) + (position - from);
  return `  ${snippet}\n  ${" ".repeat(caretAt)}^`;
}

/** The expression cannot be parsed or compiled; `position` is the 0-based offset, `column` 1-based. */
export class ExpressionError extends InputError {
  readonly source: string;
  readonly position: number;
  readonly column: number;
  constructor(message: string, source: string, position: number) {
    const pos = Math.max(0, Math.min(position, source.length));
    super(`expression error at column ${pos + 1}: ${message}\n${caretLine(source, pos)}`);
    this.source = source;
    this.position = pos;
    this.column = pos + 1;
  }
}

/**
 * The expression has no value for this input: an index out of range, a missing
 * name, a math domain error, a division by zero. Callers treat the value as
 * "not defined" (MadMiner's required/default rules).
 */
export class EvaluationError extends MadMinerError {
  readonly source: string;
  constructor(message: string, source = "") {
    super("evaluation", source ? `${message} (in '${source.length > 80 ? source.slice(0, 77) + "..." : source}')` : message);
    this.source = source;
  }
}
