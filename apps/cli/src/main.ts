#!/usr/bin/env node
// The `mm` command: dispatches to subcommands and turns errors into clear messages.
import { createRequire } from "node:module";
import { MadMinerError } from "@mm/util";
import { commands } from "./commands/index.js";
import { bold, red } from "./style.js";

const require = createRequire(import.meta.url);
const version: string = require("../package.json").version;

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    `${bold("mm")} ${version} — MadMiner in TypeScript: machine-learning-based inference for particle physics`,
    "",
    "Usage: mm <command> [options]     (mm <command> --help for its options)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global: --help, --version. Numbers for scripts: --json on commands that compute them.",
    "Colours follow NO_COLOR; progress bars go to stderr.",
    "Exit codes: 0 done; 2 bad input (options, configuration, file contents); 1 a tool or a computation failed.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 1;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(version + "\n");
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`mm: unknown command '${name}'.\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(command.help.trimEnd() + "\n");
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof MadMinerError) {
      process.stderr.write(`${red("error")}: ${err.message}\n`);
      if (process.env.MM_DEBUG) process.stderr.write(String(err.stack) + "\n");
      // 2: the input is wrong (options, config, file contents); 1: a tool or a computation failed.
      return err.kind === "input" || err.kind === "format" ? 2 : 1;
    }
    throw err;
  }
}

// `mm ... | head` closes the pipe early: stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${red("internal error")} (please report): ${(err as Error)?.stack ?? err}\n`);
    process.exitCode = 70;
  },
);
