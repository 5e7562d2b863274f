// The syntax tree of a parsed expression; every node keeps its source position.

/** Arithmetic operators, with Python semantics (`//` floor division, `%` Python modulo, `**` power). */
export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";
/** Comparison operators; comparisons chain as in Python (`0 < x < 1`). */
export type CompareOp = "<" | ">" | "<=" | ">=" | "==" | "!=" | "in" | "not in";

/** A node of the syntax tree returned by `parse`; `pos` is the 0-based offset of the node in the source. */
export type Node =
  | { type: "Number"; value: number; isInt: boolean; pos: number }
  | { type: "Constant"; value: boolean | null; pos: number }
  | { type: "Name"; name: string; pos: number }
  | { type: "List"; items: Node[]; pos: number }
  | { type: "Attribute"; object: Node; name: string; pos: number }
  | { type: "Index"; object: Node; index: Node; pos: number }
  | { type: "Call"; callee: Node; args: Node[]; pos: number }
  | { type: "Unary"; op: "-" | "+" | "not"; operand: Node; pos: number }
  | { type: "Binary"; op: BinaryOp; left: Node; right: Node; pos: number }
  | { type: "Compare"; operands: Node[]; ops: CompareOp[]; pos: number }
  | { type: "BoolOp"; op: "and" | "or"; operands: Node[]; pos: number }
  | { type: "IfElse"; test: Node; then: Node; otherwise: Node; pos: number };
