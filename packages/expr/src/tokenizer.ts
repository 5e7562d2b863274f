// Splits a Python expression into tokens (numbers, names, operators), keeping positions.
import { ExpressionError } from "./errors.js";

/** Kind of a token: a number literal, a name (identifier or keyword), an operator or bracket, or the end of input. */
export type TokenKind = "num" | "name" | "op" | "end";

/** One token produced by `tokenize`. */
export interface Token {
  kind: TokenKind;
  /** Text for names and operators; the literal text for numbers. */
  text: string;
  /** Numeric value for numbers. */
  value: number;
  /** Python int literal (no point, no exponent). */
  isInt: boolean;
  /** 0-based offset in the source. */
  pos: number;
}

const OPERATORS = ["**", "//", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", "."];
const REJECTED: Record<string, string> = {
  "'": "string literals are not supported",
  '"': "string literals are not supported",
  "=": "assignment is not supported (use == to compare)",
  ":": "slices and lambdas are not supported",
  "@": "the @ operator is not supported",
  "&": "bitwise operators are not supported (use 'and')",
  "|": "bitwise operators are not supported (use 'or')",
  "^": "bitwise operators are not supported (use ** for powers)",
  "~": "bitwise operators are not supported",
  "{": "dicts and sets are not supported",
  "}": "dicts and sets are not supported",
  ";": "statements are not supported",
  "!": "use 'not' for negation",
  "&&": "use 'and'",
  "||": "use 'or'",
};

const NUMBER = /(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Tokenizes `source`; throws ExpressionError naming the position of the first bad character. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      i++;
      continue;
    }
    const ch = source[i];
    if ((c >= 48 && c <= 57) || (ch === "." && /\d/.test(source[i + 1] ?? ""))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      if (!m) throw new ExpressionError("malformed number", source, i);
      const text = m[0];
      const end = i + text.length;
      const next = source[end] ?? "";
      if (/[A-Za-z_0-9]/.test(next)) {
        const why = next === "j" || next === "J" ? "complex numbers are not supported" : next === "x" || next === "o" || next === "b" ? "only decimal numbers are supported" : "malformed number";
        throw new ExpressionError(why, source, end);
      }
      const clean = text.replace(/_/g, "");
      const isInt = !/[.eE]/.test(clean);
      if (isInt && clean.length > 1 && clean[0] === "0" && /[1-9]/.test(clean)) {
        throw new ExpressionError("leading zeros in a decimal integer are not allowed (as in Python 3)", source, i);
      }
      tokens.push({ kind: "num", text, value: Number(clean), isInt, pos: i });
      i = end;
      continue;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      NAME.lastIndex = i;
      const text = NAME.exec(source)![0];
      tokens.push({ kind: "name", text, value: 0, isInt: false, pos: i });
      i += text.length;
      continue;
    }
    const two = source.slice(i, i + 2);
    const op = OPERATORS.find((o) => o === two) ?? OPERATORS.find((o) => o === ch);
    if (op) {
      tokens.push({ kind: "op", text: op, value: 0, isInt: false, pos: i });
      i += op.length;
      continue;
    }
    const why = REJECTED[two] ?? REJECTED[ch] ?? `unexpected character '${ch}'`;
    throw new ExpressionError(why, source, i);
  }
  tokens.push({ kind: "end", text: "", value: 0, isInt: false, pos: n });
  return tokens;
}
