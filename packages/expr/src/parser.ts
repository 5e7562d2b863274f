// Recursive-descent parser for the Python expression subset, following Python's
// grammar and precedence (conditional < or < and < not < comparison < + - <
// * / // % < unary < ** < primary).
import type { BinaryOp, CompareOp, Node } from "./ast.js";
import { ExpressionError } from "./errors.js";
import { tokenize, type Token } from "./tokenizer.js";

/** Longest accepted expression, in characters. */
export const MAX_LENGTH = 20_000;
/** Deepest accepted nesting (parentheses, unary operators, calls). */
export const MAX_DEPTH = 100;
/** Longest chain of binary operators at one level (the tree is evaluated recursively). */
export const MAX_CHAIN = 1000;

const UNSUPPORTED_KEYWORDS = new Set([
  "lambda", "import", "from", "def", "class", "return", "yield", "await", "async", "del", "global",
  "nonlocal", "assert", "pass", "raise", "try", "except", "finally", "with", "while", "for", "break", "continue", "elif", "as", "is",
]);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly source: string, private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.i];
  }
  private fail(message: string, pos = this.tok.pos): never {
    throw new ExpressionError(message, this.source, pos);
  }
  private isOp(text: string): boolean {
    return this.tok.kind === "op" && this.tok.text === text;
  }
  private isKw(text: string): boolean {
    return this.tok.kind === "name" && this.tok.text === text;
  }
  private expectOp(text: string, opened?: Token): void {
    if (!this.isOp(text)) {
      const found = this.tok.kind === "end" ? "end of expression" : `'${this.tok.text}'`;
      const extra = opened ? ` to close '${opened.text}' at column ${opened.pos + 1}` : "";
      this.fail(`expected '${text}'${extra}, found ${found}`);
    }
    this.i++;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested too deeply (more than ${MAX_DEPTH} levels)`);
  }

  parseAll(): Node {
    const node = this.expression();
    if (this.tok.kind !== "end") {
      this.fail(this.tok.kind === "name" && UNSUPPORTED_KEYWORDS.has(this.tok.text) ? `'${this.tok.text}' is not supported in expressions` : `unexpected '${this.tok.text}'`);
    }
    return node;
  }

  /** test: or_test ['if' or_test 'else' test] */
  private expression(): Node {
    const body = this.orTest();
    let result = body;
    if (this.isKw("if")) {
      const pos = this.tok.pos;
      this.i++;
      const test = this.orTest();
      if (!this.isKw("else")) this.fail("expected 'else' in a conditional expression 'x if c else y'");
      this.i++;
      this.enter();
      const otherwise = this.expression();
      this.depth--;
      result = { type: "IfElse", test, then: body, otherwise, pos };
    }
    return result;
  }

  private orTest(): Node {
    const first = this.andTest();
    if (!this.isKw("or")) return first;
    const operands = [first];
    while (this.isKw("or")) {
      this.i++;
      operands.push(this.andTest());
    }
    return { type: "BoolOp", op: "or", operands, pos: first.pos };
  }

  private andTest(): Node {
    const first = this.notTest();
    if (!this.isKw("and")) return first;
    const operands = [first];
    while (this.isKw("and")) {
      this.i++;
      operands.push(this.notTest());
    }
    return { type: "BoolOp", op: "and", operands, pos: first.pos };
  }

  private notTest(): Node {
    if (this.isKw("not")) {
      const pos = this.tok.pos;
      this.i++;
      this.enter();
      const operand = this.notTest();
      this.depth--;
      return { type: "Unary", op: "not", operand, pos };
    }
    return this.comparison();
  }

  private compareOp(): CompareOp | null {
    const t = this.tok;
    if (t.kind === "op" && (t.text === "<" || t.text === ">" || t.text === "<=" || t.text === ">=" || t.text === "==" || t.text === "!=")) return t.text;
    if (this.isKw("in")) return "in";
    if (this.isKw("not") && this.tokens[this.i + 1].kind === "name" && this.tokens[this.i + 1].text === "in") return "not in";
    if (this.isKw("is")) this.fail("'is' is not supported; use == or !=");
    return null;
  }

  private comparison(): Node {
    const first = this.arith();
    let op = this.compareOp();
    if (!op) return first;
    const operands = [first];
    const ops: CompareOp[] = [];
    while (op) {
      this.i += op === "not in" ? 2 : 1;
      ops.push(op);
      operands.push(this.arith());
      op = this.compareOp();
    }
    return { type: "Compare", operands, ops, pos: first.pos };
  }

  private arith(): Node {
    let left = this.term();
    let chain = 0;
    while (this.isOp("+") || this.isOp("-")) {
      if (++chain > MAX_CHAIN) this.fail(`more than ${MAX_CHAIN} operators in a row; split the expression`);
      const t = this.tok;
      this.i++;
      left = { type: "Binary", op: t.text as BinaryOp, left, right: this.term(), pos: t.pos };
    }
    return left;
  }

  private term(): Node {
    let left = this.factor();
    let chain = 0;
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      if (++chain > MAX_CHAIN) this.fail(`more than ${MAX_CHAIN} operators in a row; split the expression`);
      const t = this.tok;
      this.i++;
      left = { type: "Binary", op: t.text as BinaryOp, left, right: this.factor(), pos: t.pos };
    }
    return left;
  }

  /** factor: ('+'|'-') factor | power */
  private factor(): Node {
    if (this.isOp("-") || this.isOp("+")) {
      const t = this.tok;
      this.i++;
      this.enter();
      const operand = this.factor();
      this.depth--;
      return { type: "Unary", op: t.text as "-" | "+", operand, pos: t.pos };
    }
    return this.power();
  }

  /** power: primary ['**' factor]  (right-associative; -2**2 == -(2**2)) */
  private power(): Node {
    const base = this.primary();
    if (!this.isOp("**")) return base;
    const t = this.tok;
    this.i++;
    this.enter();
    const exponent = this.factor();
    this.depth--;
    return { type: "Binary", op: "**", left: base, right: exponent, pos: t.pos };
  }

  private primary(): Node {
    let node = this.atom();
    for (;;) {
      if (this.isOp(".")) {
        this.i++;
        const t = this.tok;
        if (t.kind !== "name") this.fail("expected an attribute name after '.'");
        this.i++;
        node = { type: "Attribute", object: node, name: t.text, pos: t.pos };
      } else if (this.isOp("[")) {
        const open = this.tok;
        this.i++;
        this.enter();
        const index = this.expression();
        if (this.isOp(",")) this.fail("multi-dimensional indexing is not supported");
        this.expectOp("]", open);
        this.depth--;
        node = { type: "Index", object: node, index, pos: open.pos };
      } else if (this.isOp("(")) {
        const open = this.tok;
        this.i++;
        this.enter();
        const args: Node[] = [];
        while (!this.isOp(")")) {
          args.push(this.expression());
          if (this.isOp("=")) this.fail("keyword arguments are not supported");
          if (!this.isOp(",")) break;
          this.i++;
        }
        this.expectOp(")", open);
        this.depth--;
        node = { type: "Call", callee: node, args, pos: open.pos };
      } else {
        return node;
      }
    }
  }

  private atom(): Node {
    const t = this.tok;
    if (t.kind === "num") {
      this.i++;
      return { type: "Number", value: t.value, isInt: t.isInt, pos: t.pos };
    }
    if (t.kind === "name") {
      if (t.text === "True" || t.text === "False" || t.text === "None") {
        this.i++;
        return { type: "Constant", value: t.text === "None" ? null : t.text === "True", pos: t.pos };
      }
      if (["and", "or", "not", "if", "else", "in"].includes(t.text)) this.fail(`unexpected keyword '${t.text}'`);
      if (UNSUPPORTED_KEYWORDS.has(t.text)) this.fail(`'${t.text}' is not supported in expressions`);
      this.i++;
      return { type: "Name", name: t.text, pos: t.pos };
    }
    if (this.isOp("(")) {
      this.i++;
      this.enter();
      const inner = this.expression();
      if (this.isOp(",")) this.fail("tuples are not supported");
      this.expectOp(")", t);
      this.depth--;
      return inner;
    }
    if (this.isOp("[")) {
      this.i++;
      this.enter();
      const items: Node[] = [];
      while (!this.isOp("]")) {
        items.push(this.expression());
        if (!this.isOp(",")) break;
        this.i++;
      }
      this.expectOp("]", t);
      this.depth--;
      return { type: "List", items, pos: t.pos };
    }
    if (t.kind === "end") this.fail(this.source.trim() === "" ? "empty expression" : "unexpected end of expression");
    this.fail(`unexpected '${t.text}'`);
  }
}

/** Parses a Python expression into an AST; throws ExpressionError with the position on bad input. */
export function parse(source: string): Node {
  if (typeof source !== "string") throw new ExpressionError(`expected a string, got ${typeof source}`, "", 0);
  if (source.length > MAX_LENGTH) {
    throw new ExpressionError(`expression is ${source.length} characters long; the limit is ${MAX_LENGTH}. Split it into several observables`, source.slice(0, 100), 0);
  }
  const tree = new Parser(source, tokenize(source)).parseAll();
  const deepest = treeDepth(tree);
  if (deepest.depth > MAX_TREE_DEPTH) {
    throw new ExpressionError(`expression is nested ${deepest.depth} levels deep; the limit is ${MAX_TREE_DEPTH}. Split it into several observables`, source, deepest.pos);
  }
  return tree;
}

/** Deepest allowed syntax tree (evaluation recurses once per level). */
export const MAX_TREE_DEPTH = 2000;

function children(node: Node): Node[] {
  switch (node.type) {
    case "Number":
    case "Constant":
    case "Name":
      return [];
    case "List":
      return node.items;
    case "Attribute":
      return [node.object];
    case "Index":
      return [node.object, node.index];
    case "Call":
      return [node.callee, ...node.args];
    case "Unary":
      return [node.operand];
    case "Binary":
      return [node.left, node.right];
    case "Compare":
    case "BoolOp":
      return node.operands;
    case "IfElse":
      return [node.test, node.then, node.otherwise];
  }
}

/** Depth of the tree, computed without recursion. */
function treeDepth(root: Node): { depth: number; pos: number } {
  let best = { depth: 0, pos: 0 };
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > best.depth) best = { depth, pos: node.pos };
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
  return best;
}
