// The registry of `mm` subcommands. Each command lives in its own file.
import type { Command } from "../command.js";

export const commands: Command[] = [
];
