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
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals, strict: true });
  } catch (err) {
    throw new InputError(`mm ${command}: ${(err as Error).message}. Run 'mm ${command} --help' for the options.`);
  }
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
