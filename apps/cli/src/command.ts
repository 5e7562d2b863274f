// The shape of one `mm` subcommand, and the shared argument parsing helpers.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "@mm/util";

export interface Command {
  /** The word after `mm` (e.g. "setup", "fisher"). */
  name: string;
  /** One line for `mm --help`. */
  summary: string;
  /** Full help text printed by `mm NAME --help`. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with strict checking and a clear error naming the command. */
export function parse(command: string, argv: string[], options: Options, allowPositionals = true) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\.\s*$/, "");
    throw new InputError(`mm ${command}: ${message}. Run 'mm ${command} --help' for the options.`);
  }
}

/** A value that starts like a negative number (-1, -0.5,2, -.5, -1e-3): no option name starts with a digit. */
const NEGATIVE_NUMBERS = /^-(\d|\.\d)/;

/**
 * `--theta -1,0` reads as an option value, not as an unknown option: node's
 * parseArgs refuses a value that starts with '-', so for options that take a
 * value, a following negative number (or list) is joined as `--theta=-1,0`.
 */
export function joinNegativeValues(argv: string[], options: Options): string[] {
  /** The long name of an option that takes a value, for `--name` or its short `-n`. */
  const valueOption = (token: string): string | undefined => {
    if (token.startsWith("--")) return options[token.slice(2)]?.type === "string" ? token.slice(2) : undefined;
    if (/^-[A-Za-z]$/.test(token)) return Object.entries(options).find(([, o]) => o.short === token.slice(1) && o.type === "string")?.[0];
    return undefined;
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const name = valueOption(token);
    const next = argv[i + 1];
    if (name !== undefined && next !== undefined && NEGATIVE_NUMBERS.test(next)) {
      out.push(`--${name}=${next}`);
      i += 1;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** Parses "0.5,-1.2" into numbers, naming the option on failure. */
export function parseVector(text: string, option: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length === 0 || parts.some((p) => p === "") || values.some((v) => !Number.isFinite(v))) {
    throw new InputError(`--${option} expects comma-separated numbers such as 0.5,-1.2; got '${text}'`);
  }
  return values;
}

/** Requires an option to be present. */
export function required<T>(value: T | undefined, option: string, command: string): T {
  if (value === undefined || value === null || value === "") {
    throw new InputError(`mm ${command}: --${option} is required. Run 'mm ${command} --help'.`);
  }
  return value;
}

/** Prints machine-readable output. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
