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
import { runCommand } from "./run.js"; import { demoCommand } from "./demo.js";
import { xsecCommand } from "./xsec.js"; import { sampleCommand } from "./sample.js"; import { fisherCommand } from "./fisher.js";

export const commands: Command[] = [
  runCommand, demoCommand,
  xsecCommand, sampleCommand, fisherCommand,
  lheCommand,
  mgCommand,
  trainCommand, evaluateCommand, ensembleCommand,
  inspectCommand,
  morphingCommand,
  setupCommand,
];
