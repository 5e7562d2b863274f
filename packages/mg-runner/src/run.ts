// MadMiner.run / runMultiple: create the MadGraph process, write the cards of
// every (run card × sampling benchmark) combination, then run MadGraph for each
// (checking the reweighting right after) or only prepare relocatable scripts.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { InputError, ToolError, writeFileAtomicSync } from "@mm/util";
import { checkReweighting, scanLheWeights, type ReweightingCheck } from "./lhe-check.js";
import { explicitLaunchCommands, generateCommands, stripProcCardCommands } from "./mg-commands.js";
import { writeParamCard } from "./param-card.js";
import type { NumberFormat } from "./pyformat.js";
import { writePythia8Card } from "./pythia-card.js";
import { reweightBenchmarks, writeReweightCard } from "./reweight-card.js";
import { writeRunCard, type RunCardSystematic } from "./run-card.js";
import { batchJobScript, condorSubmitFile, masterScript, runScript, slurmScript } from "./scripts.js";
import { shellQuote } from "./shell.js";
import { runTool } from "./process.js";
import { checkMadGraph, checkPython, type MadGraphInfo } from "./versions.js";
import type { CardSetup } from "./setup-input.js";

/** A setup with optional systematics (MadMinerSetup from @mm/hdf5 fits). */
export type RunSetup = CardSetup & { systematics?: RunCardSystematic[] };

/** What happens during a run, for progress display. */
export type RunEvent =
  | { kind: "generate"; log: string }
  | { kind: "skip-generate"; processDirectory: string }
  | { kind: "run-start"; index: number; total: number; sampleBenchmark: string; runName: string; log: string }
  | { kind: "run-done"; index: number; total: number; seconds: number; lheFile: string | null; check: ReweightingCheck | null }
  | { kind: "prepared"; masterScript: string }
  | { kind: "output"; line: string }
  | { kind: "warning"; message: string };

/**
 * Options of `runMultiple` (Python MadMiner's `run_multiple` keyword arguments, camelCase): MadGraph and
 * card files, the sampling benchmarks, folders, run card edits, time limits and a progress callback.
 */
export interface RunMultipleOptions {
  mgDirectory: string;
  procCardFile: string;
  paramCardTemplateFile: string;
  /** Run cards (null = the process folder's own card). Default [null]. */
  runCardFiles?: (string | null)[];
  /** Default ./MG_process. */
  mgProcessDirectory?: string;
  pythia8CardFile?: string | null;
  /** Default: every physics benchmark. */
  sampleBenchmarks?: string[];
  isBackground?: boolean;
  onlyPrepareScript?: boolean;
  ufoModelDirectory?: string | null;
  /** Default ./logs. */
  logDirectory?: string;
  /** Default the system temporary directory. */
  tempDirectory?: string;
  initialCommand?: string | null;
  pythonExecutable?: string | null;
  /** Run card edits applied to every run card. iseed is increased by the run index so that runs differ. */
  nevents?: number;
  iseed?: number;
  eventNorm?: "average" | "sum" | "unity" | "bias";
  /** Re-create the process directory even when it exists (MadGraph `output -f`). */
  regenerateProcess?: boolean;
  /** Seconds of silence after which MadGraph is considered hung. Default 1800. */
  inactivityTimeout?: number;
  /** Overall limit per MadGraph call, in seconds. Default none. */
  timeout?: number;
  numberFormat?: NumberFormat;
  /** Skip the MadGraph/Python version checks (tests, exotic installs). */
  skipVersionCheck?: boolean;
  onEvent?: (event: RunEvent) => void;
}

/** Options of `run` (Python MadMiner's `run`): as RunMultipleOptions, with one run card and one sampling benchmark. */
export interface RunOptions extends Omit<RunMultipleOptions, "runCardFiles" | "sampleBenchmarks"> {
  runCardFile?: string | null;
  /** Default: the first benchmark. */
  sampleBenchmark?: string;
}

/** One MadGraph run of `run` / `runMultiple`: its sampling benchmark, run card, cards written, log, and (when run) the LHE file and its reweighting check. */
export interface RunRecord {
  index: number;
  sampleBenchmark: string;
  runCardFile: string | null;
  runName: string;
  /** Cards written for this run, relative to the process directory. */
  cards: { param: string; reweight: string | null; run: string | null; pythia8: string | null; commands: string };
  log: string;
  /** The produced events (run mode). */
  lheFile: string | null;
  check: ReweightingCheck | null;
}

/** What `run` and `runMultiple` return: the process directory, the MadGraph version checked, one record per run, and the scripts written with onlyPrepareScript. */
export interface RunResult {
  processDirectory: string;
  madgraph: MadGraphInfo | null;
  runs: RunRecord[];
  /** onlyPrepareScript: the master script and batch files. */
  scripts: { master: string; job: string; slurm: string; condor: string } | null;
}

function mustExist(path: string | null | undefined, option: string): string | null {
  if (path === null || path === undefined) return null;
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError(`${option}: file ${path} does not exist`);
  return abs;
}

function writeExecutable(path: string, text: string): void {
  writeFileAtomicSync(path, text);
  chmodSync(path, 0o755);
}

/** A run name not yet used in Events/. */
function freeRunName(processDirectory: string, base: string): string {
  const events = join(processDirectory, "Events");
  const taken = existsSync(events) ? new Set(readdirSync(events)) : new Set<string>();
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

/** MadMiner.run_multiple. */
export async function runMultiple(setup: RunSetup, o: RunMultipleOptions): Promise<RunResult> {
  const mgDirectory = resolve(o.mgDirectory);
  const procCard = mustExist(o.procCardFile, "procCardFile")!;
  const template = mustExist(o.paramCardTemplateFile, "paramCardTemplateFile")!;
  const runCards = (o.runCardFiles ?? [null]).map((f, k) => mustExist(f, `runCardFiles[${k}]`));
  const pythia8 = mustExist(o.pythia8CardFile, "pythia8CardFile");
  const processDirectory = resolve(o.mgProcessDirectory ?? "./MG_process");
  const logDirectory = resolve(o.logDirectory ?? "./logs");
  const tempDirectory = resolve(o.tempDirectory ?? tmpdir());
  const physics = setup.benchmarks.filter((b) => !b.isNuisance).map((b) => b.name);
  const samples = o.sampleBenchmarks ?? physics;
  if (samples.length === 0) throw new InputError("no sampling benchmark: the setup has no physics benchmarks");
  for (const s of samples) if (!setup.benchmarks.some((b) => b.name === s)) throw new InputError(`sampleBenchmarks: unknown benchmark '${s}'; the setup has: ${setup.benchmarks.map((b) => b.name).join(", ")}`);
  const emit = o.onEvent ?? (() => {});
  const templateText = readFileSync(template, "utf8");

  // Check every card before anything slow starts.
  for (const s of samples) writeParamCard(templateText, setup, s, { numberFormat: o.numberFormat, templateName: template });

  let madgraph: MadGraphInfo | null = null;
  if (!o.skipVersionCheck) {
    madgraph = checkMadGraph(mgDirectory);
    try {
      checkPython(o.pythonExecutable ?? "python3", madgraph);
    } catch (err) {
      // Without an explicit interpreter, MadGraph's own shebang decides; only a known-bad version is fatal.
      if (o.pythonExecutable || !/cannot run|not a Python version/.test((err as Error).message)) throw err;
    }
  } else if (!existsSync(join(mgDirectory, "bin", "mg5_aMC"))) {
    throw new ToolError(`MadGraph not found: ${join(mgDirectory, "bin", "mg5_aMC")} does not exist`);
  }

  const prefix = (o.initialCommand ? `${o.initialCommand}; ` : "") + (o.pythonExecutable ? `${shellQuote(o.pythonExecutable)} ` : "");
  const mg5 = shellQuote(join(mgDirectory, "bin", "mg5_aMC"));
  const common = { inactivityTimeout: o.inactivityTimeout, timeout: o.timeout, onLine: (line: string) => emit({ kind: "output", line }) };

  // 1. The process directory.
  const exists = existsSync(join(processDirectory, "bin", "generate_events"));
  if (exists && !o.regenerateProcess) {
    emit({ kind: "skip-generate", processDirectory });
  } else {
    if (o.ufoModelDirectory) {
      const ufo = mustExist(o.ufoModelDirectory, "ufoModelDirectory")!;
      const dest = join(mgDirectory, "models", basename(ufo));
      if (!existsSync(dest)) cpSync(ufo, dest, { recursive: true });
    }
    mkdirSync(tempDirectory, { recursive: true });
    const generateFile = join(tempDirectory, `mm_generate_${process.pid}_${Date.now()}.mg5`);
    const card = stripProcCardCommands(readFileSync(procCard, "utf8"));
    for (const r of card.removed) {
      emit({ kind: "warning", message: `${procCard}:${r.line}: '${r.text}' is ignored: the process goes to ${processDirectory} (mgProcessDirectory) and each run is launched by MadMiner` });
    }
    writeFileSync(generateFile, generateCommands(card.text, processDirectory, { noBrowser: true }) + (exists ? " -f" : "") + "\n");
    const log = join(logDirectory, "generate.log");
    emit({ kind: "generate", log });
    try {
      await runTool({ command: `${prefix}${mg5} ${shellQuote(generateFile)}`, logFile: log, toolName: "MadGraph (process generation)", ...common });
    } finally {
      rmSync(generateFile, { force: true });
    }
    if (!existsSync(join(processDirectory, "bin", "generate_events"))) {
      throw new ToolError(`MadGraph finished but ${processDirectory}/bin/generate_events does not exist: the process was not generated. Log: ${log}`);
    }
  }
  const cardsDir = join(processDirectory, "madminer", "cards");
  const scriptsDir = join(processDirectory, "madminer", "scripts");
  mkdirSync(cardsDir, { recursive: true });
  mkdirSync(scriptsDir, { recursive: true });

  // 2. Cards for each combination.
  const runs: RunRecord[] = [];
  const total = runCards.length * samples.length;
  let i = 0;
  for (const runCard of runCards) {
    for (const sample of samples) {
      const rel = (name: string) => `madminer/cards/${name}_${i}.dat`;
      const cards = {
        param: rel("param_card"),
        reweight: o.isBackground ? null : rel("reweight_card"),
        run: runCard ? rel("run_card") : null,
        pythia8: pythia8 ? rel("pythia8_card") : null,
        commands: rel("mg_commands"),
      };
      writeFileAtomicSync(join(processDirectory, cards.param), writeParamCard(templateText, setup, sample, { numberFormat: o.numberFormat, templateName: template }));
      if (cards.reweight) writeFileAtomicSync(join(processDirectory, cards.reweight), writeReweightCard(setup, sample, { numberFormat: o.numberFormat }));
      if (runCard && cards.run) {
        const text = writeRunCard(readFileSync(runCard, "utf8"), {
          nevents: o.nevents,
          iseed: o.iseed === undefined ? undefined : o.iseed + i,
          eventNorm: o.eventNorm,
          systematics: setup.systematics ?? null,
        });
        writeFileAtomicSync(join(processDirectory, cards.run), text);
      }
      if (pythia8 && cards.pythia8) writeFileAtomicSync(join(processDirectory, cards.pythia8), writePythia8Card(readFileSync(pythia8, "utf8")));
      const runName = o.onlyPrepareScript ? `madminer_run_${i}` : freeRunName(processDirectory, `madminer_run_${i}`);
      runs.push({ index: i, sampleBenchmark: sample, runCardFile: runCard, runName, cards, log: join(logDirectory, `run_${i}.log`), lheFile: null, check: null });
      i++;
    }
  }

  // 3a. Scripts only.
  if (o.onlyPrepareScript) {
    for (const r of runs) {
      writeFileAtomicSync(
        join(processDirectory, r.cards.commands),
        explicitLaunchCommands({ processDirectory: "$mgprocdir", runName: r.runName, shower: pythia8 !== null, reweight: !o.isBackground, noBrowser: true }),
      );
      writeExecutable(
        join(scriptsDir, `run_${r.index}.sh`),
        runScript({
          index: r.index,
          runCard: r.cards.run,
          paramCard: r.cards.param,
          reweightCard: r.cards.reweight,
          pythia8Card: r.cards.pythia8,
          commandsFile: r.cards.commands,
          isBackground: o.isBackground,
          initialCommand: o.initialCommand,
          pythonExecutable: o.pythonExecutable,
          logFile: `run_${r.index}.log`,
          runName: r.runName,
          expectedWeights: reweightBenchmarks(setup, r.sampleBenchmark),
        }),
      );
    }
    const m = join(processDirectory, "madminer");
    const scripts = { master: join(m, "run.sh"), job: join(m, "job.sh"), slurm: join(m, "slurm.sh"), condor: join(m, "condor.sub") };
    writeExecutable(scripts.master, masterScript(runs.length));
    writeExecutable(scripts.job, batchJobScript(runs.map((r) => r.runName)));
    writeExecutable(scripts.slurm, slurmScript(runs.length));
    writeFileAtomicSync(scripts.condor, condorSubmitFile(runs.length));
    emit({ kind: "prepared", masterScript: scripts.master });
    return { processDirectory, madgraph, runs, scripts };
  }

  // 3b. Run MadGraph for each combination, checking the weights after each run.
  for (const r of runs) {
    const copy: [string | null, string][] = [
      [r.cards.run, "run_card.dat"],
      [r.cards.param, "param_card.dat"],
      [r.cards.reweight, "reweight_card.dat"],
      [r.cards.pythia8, "pythia8_card.dat"],
    ];
    for (const [from, to] of copy) if (from) cpSync(join(processDirectory, from), join(processDirectory, "Cards", to));
    const commandsPath = join(processDirectory, r.cards.commands);
    writeFileAtomicSync(commandsPath, explicitLaunchCommands({ processDirectory, runName: r.runName, shower: pythia8 !== null, reweight: !o.isBackground, noBrowser: true }));
    emit({ kind: "run-start", index: r.index, total, sampleBenchmark: r.sampleBenchmark, runName: r.runName, log: r.log });
    const started = Date.now();
    await runTool({ command: `${prefix}${mg5} ${shellQuote(commandsPath)}`, logFile: r.log, toolName: `MadGraph (run ${r.index}, sampling ${r.sampleBenchmark})`, ...common });
    const eventsDir = join(processDirectory, "Events", r.runName);
    const lhe = ["unweighted_events.lhe.gz", "unweighted_events.lhe"].map((f) => join(eventsDir, f)).find((f) => existsSync(f));
    if (!lhe) throw new ToolError(`MadGraph run ${r.index} finished but wrote no ${eventsDir}/unweighted_events.lhe.gz. Log: ${r.log}`);
    r.lheFile = lhe;
    if (!o.isBackground) {
      const expected = reweightBenchmarks(setup, r.sampleBenchmark);
      r.check = checkReweighting(await scanLheWeights(lhe), expected);
      if (!r.check.ok) throw new ToolError(`${r.check.message}. Log: ${r.log}`);
    }
    emit({ kind: "run-done", index: r.index, total, seconds: (Date.now() - started) / 1000, lheFile: lhe, check: r.check });
  }
  return { processDirectory, madgraph, runs, scripts: null };
}

/** MadMiner.run: one run card, one sampling benchmark (default: the first benchmark). */
export function run(setup: RunSetup, o: RunOptions): Promise<RunResult> {
  const { runCardFile, sampleBenchmark, ...rest } = o;
  const first = setup.benchmarks[0]?.name;
  if (!first) throw new InputError("the setup has no benchmarks");
  return runMultiple(setup, { ...rest, runCardFiles: [runCardFile ?? null], sampleBenchmarks: [sampleBenchmark ?? first] });
}
