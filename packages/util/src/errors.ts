// Error classes shared by every @mm package: one class per kind of failure,
// each with a message that names the offending file, line or parameter.

/** Base class of every error raised on purpose by @mm. */
export class MadMinerError extends Error {
  /** A short machine-readable kind, stable across versions. */
  readonly kind: string;
  constructor(kind: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = new.target.name;
  }
}

/** Bad user input: a config value, a file's content, an expression, an option. */
export class InputError extends MadMinerError {
  /** File the problem is in, when there is one. */
  readonly file?: string;
  /** 1-based line in that file, when known. */
  readonly line?: number;
  constructor(message: string, where: { file?: string; line?: number; cause?: unknown } = {}) {
    const prefix = where.file ? `${where.file}${where.line !== undefined ? `:${where.line}` : ""}: ` : "";
    super("input", prefix + message, { cause: where.cause });
    this.file = where.file;
    this.line = where.line;
  }
}

/** A numerical problem: a singular matrix, an ill-conditioned basis, a non-finite result. */
export class NumericalError extends MadMinerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("numerical", message, options);
  }
}

/** An external tool (MadGraph, Pythia, Delphes, Python) is missing, unsupported or failed. */
export class ToolError extends MadMinerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("tool", message, options);
  }
}

/** A file does not have the expected format or lacks a required part. */
export class FormatError extends MadMinerError {
  readonly file?: string;
  constructor(message: string, file?: string, options?: { cause?: unknown }) {
    super("format", (file ? `${file}: ` : "") + message, options);
    this.file = file;
  }
}
