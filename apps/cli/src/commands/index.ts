// The registry of `mm` subcommands. Each command lives in its own file.
import type { Command } from "../command.js";
import { trainCommand } from "./train.js";
import { evaluateCommand } from "./evaluate.js";
import { ensembleCommand } from "./ensemble.js";
import { inspectCommand } from "./inspect.js";
import { morphingCommand } from "./morphing.js";
import { setupCommand } from "./setup.js";
import { lheCommand } from "./lhe.js";
import { mgCommand } from "./mg.js";

export const commands: Command[] = [
  lheCommand,
  mgCommand,
  trainCommand, evaluateCommand, ensembleCommand,
  inspectCommand,
  morphingCommand,
  setupCommand,
];
