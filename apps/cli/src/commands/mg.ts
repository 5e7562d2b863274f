// mm mg: MadGraph cards, prepared batch scripts and runs (@mm/mg-runner).
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readSetup } from "@mm/hdf5";
import { runMultiple, writeParamCard, writeReweightCard, writeRunCard, type NumberFormat, type RunEvent, type RunResult } from "@mm/mg-runner";
import { InputError, writeFileAtomicSync } from "@mm/util";
import { parse, printJson, required, type Command, type Options } from "../command.js";
import { ProgressBar } from "../progress.js";
import { bold, dim, green, table, yellow } from "../style.js";

const HELP = `mm mg <cards|prepare|run> [options]

MadGraph orchestration as the Python MadMiner's run() / run_multiple():
the cards of every benchmark, and event generation that never waits at a prompt.

mm mg cards --setup setup.h5 --template param_card.dat --sample-benchmark NAME --out DIR
    Writes DIR/reweight_card.dat (every benchmark but NAME, in MadMiner's format)
    and DIR/param_card_<benchmark>.dat for each benchmark.
    --run-card FILE   also write DIR/run_card.dat (with --nevents, --iseed, --event-norm
                      and the setup's systematics as a proper list)
    --number-format python|compact   python (default): values as MadMiner writes them
                      (repr, e.g. 251.10399999999998); compact: 12 significant digits (251.104)

mm mg prepare|run --setup setup.h5 --mg-dir MG5_DIR --proc-card proc_card.dat
                  --template param_card.dat [options]
    Creates the MadGraph process folder (skipped when it exists), writes the cards of every
    (run card x sampling benchmark) combination into <process>/madminer/cards, then
      prepare: writes relocatable scripts: madminer/run.sh (all runs in turn; MG_DIR or
               argument 1 gives MadGraph), madminer/scripts/run_<i>.sh, madminer/job.sh,
               madminer/slurm.sh (array job) and madminer/condor.sub (HTCondor);
      run:     runs MadGraph for each combination, answering every prompt, keeping the logs,
               and checks right after each run that the events carry a weight for every
               reweighted benchmark (a failed reweighting stops with the missing names).
  --run-card FILE          run card (repeat for several; default: the process folder's card)
  --sample-benchmark NAME  sampling benchmark (repeat; default: every physics benchmark)
  --process-dir DIR        MadGraph process folder (default ./MG_process)
  --pythia8-card FILE      run Pythia8 with this card
  --background             background process: no reweighting
  --ufo DIR                UFO model to copy into MG5_DIR/models first
  --log-dir DIR            logs (default ./logs)     --temp-dir DIR   temporary files
  --initial-command CMD    shell commands before MadGraph (e.g. 'source env/bin/activate')
  --python EXE             Python interpreter that runs MadGraph
  --nevents N --iseed N --event-norm sum|average   run card edits (iseed + i for run i)
  --regenerate             re-create the process folder (MadGraph 'output -f')
  --inactivity-timeout S   seconds of silence that count as a hang (default 1800)
  --timeout S              hard limit per MadGraph call
  --json                   print the runs as JSON on stdout

Supported: MadGraph5_aMC@NLO 2.9.x and 3.x, Python 3.7+.`;

const CARDS_OPTIONS: Options = {
  setup: { type: "string" },
  template: { type: "string" },
  "sample-benchmark": { type: "string" },
  out: { type: "string" },
  "run-card": { type: "string" },
  nevents: { type: "string" },
  iseed: { type: "string" },
  "event-norm": { type: "string" },
  "number-format": { type: "string" },
  json: { type: "boolean" },
};

const RUN_OPTIONS: Options = {
  setup: { type: "string" },
  "mg-dir": { type: "string" },
  "proc-card": { type: "string" },
  template: { type: "string" },
  "run-card": { type: "string", multiple: true },
  "sample-benchmark": { type: "string", multiple: true },
  "process-dir": { type: "string" },
  "pythia8-card": { type: "string" },
  background: { type: "boolean" },
  ufo: { type: "string" },
  "log-dir": { type: "string" },
  "temp-dir": { type: "string" },
  "initial-command": { type: "string" },
  python: { type: "string" },
  nevents: { type: "string" },
  iseed: { type: "string" },
  "event-norm": { type: "string" },
  regenerate: { type: "boolean" },
  "inactivity-timeout": { type: "string" },
  timeout: { type: "string" },
  "number-format": { type: "string" },
  json: { type: "boolean" },
};

function int(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`--${option} expects a non-negative integer, got '${String(v)}'`);
  return n;
}

function seconds(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0)) throw new InputError(`--${option} expects a positive number of seconds, got '${String(v)}'`);
  return n;
}

function numberFormat(v: unknown): NumberFormat {
  if (v === undefined) return "python";
  if (v !== "python" && v !== "compact") throw new InputError(`--number-format must be python or compact, got '${String(v)}'`);
  return v;
}

function eventNorm(v: unknown): "average" | "sum" | "unity" | "bias" | undefined {
  if (v === undefined) return undefined;
  if (v !== "average" && v !== "sum" && v !== "unity" && v !== "bias") throw new InputError(`--event-norm must be sum, average, unity or bias, got '${String(v)}'`);
  return v;
}

async function cards(argv: string[]): Promise<number> {
  const values = parse("mg cards", argv, CARDS_OPTIONS, false).values as Record<string, unknown>;
  const setupFile = required(values.setup as string | undefined, "setup", "mg cards");
  const templateFile = required(values.template as string | undefined, "template", "mg cards");
  const sample = required(values["sample-benchmark"] as string | undefined, "sample-benchmark", "mg cards");
  const out = resolve(required(values.out as string | undefined, "out", "mg cards"));
  const format = numberFormat(values["number-format"]);
  const setup = await readSetup(setupFile);
  let template: string;
  try {
    template = readFileSync(templateFile, "utf8");
  } catch (err) {
    throw new InputError(`--template: cannot read ${templateFile}: ${(err as Error).message}`);
  }
  // Build every card before writing any, so that an error leaves no partial output.
  const files: [string, string][] = [["reweight_card.dat", writeReweightCard(setup, sample, { numberFormat: format })]];
  for (const b of setup.benchmarks) files.push([`param_card_${b.name}.dat`, writeParamCard(template, setup, b.name, { numberFormat: format, templateName: templateFile })]);
  if (values["run-card"] !== undefined) {
    const runCardFile = values["run-card"] as string;
    let text: string;
    try {
      text = readFileSync(runCardFile, "utf8");
    } catch (err) {
      throw new InputError(`--run-card: cannot read ${runCardFile}: ${(err as Error).message}`);
    }
    files.push(["run_card.dat", writeRunCard(text, { nevents: int(values.nevents, "nevents"), iseed: int(values.iseed, "iseed"), eventNorm: eventNorm(values["event-norm"]), systematics: setup.systematics ?? null })]);
  }
  mkdirSync(out, { recursive: true });
  for (const [name, text] of files) writeFileAtomicSync(join(out, name), text);
  if (values.json) {
    printJson({ out, sampleBenchmark: sample, files: files.map(([n]) => join(out, n)), reweighted: setup.benchmarks.filter((b) => b.name !== sample && !b.isNuisance).map((b) => b.name) });
  } else {
    process.stdout.write(`${green("wrote")} ${files.length} cards to ${out}\n`);
    process.stdout.write(table(files.map(([n, t]) => [n, `${t.split("\n").length} lines`])) + "\n");
  }
  return 0;
}

async function runOrPrepare(argv: string[], prepare: boolean): Promise<number> {
  const cmd = prepare ? "mg prepare" : "mg run";
  const values = parse(cmd, argv, RUN_OPTIONS, false).values as Record<string, unknown>;
  const setup = await readSetup(required(values.setup as string | undefined, "setup", cmd));
  const runCards = values["run-card"] as string[] | undefined;
  const json = values.json === true;
  let bar: ProgressBar | null = null;
  let lines = 0;
  const onEvent = (e: RunEvent) => {
    if (e.kind === "warning") {
      process.stderr.write(`${yellow("warning")}: ${e.message}\n`);
      return;
    }
    if (json) return;
    switch (e.kind) {
      case "skip-generate":
        process.stderr.write(dim(`process folder ${e.processDirectory} exists: not regenerated (use --regenerate)\n`));
        break;
      case "generate":
        process.stderr.write(`generating the MadGraph process (log: ${e.log})\n`);
        break;
      case "run-start":
        process.stderr.write(`${bold(`run ${e.index + 1}/${e.total}`)}: sampling ${e.sampleBenchmark} → Events/${e.runName} (log: ${e.log})\n`);
        bar = new ProgressBar(`run ${e.index + 1}/${e.total}`, { unit: "log lines" });
        lines = 0;
        break;
      case "output":
        if (bar && e.line.trim()) bar.update(++lines, e.line.trim().slice(0, 60));
        break;
      case "run-done":
        bar?.done(e.check ? `${e.check.nEvents} events, weights of every benchmark present` : `done (${e.lheFile})`);
        bar = null;
        break;
      case "prepared":
        break;
    }
  };
  const result: RunResult = await runMultiple(setup, {
    mgDirectory: required(values["mg-dir"] as string | undefined, "mg-dir", cmd),
    procCardFile: required(values["proc-card"] as string | undefined, "proc-card", cmd),
    paramCardTemplateFile: required(values.template as string | undefined, "template", cmd),
    runCardFiles: runCards && runCards.length > 0 ? runCards : [null],
    mgProcessDirectory: values["process-dir"] as string | undefined,
    pythia8CardFile: (values["pythia8-card"] as string | undefined) ?? null,
    sampleBenchmarks: values["sample-benchmark"] as string[] | undefined,
    isBackground: values.background === true,
    onlyPrepareScript: prepare,
    ufoModelDirectory: (values.ufo as string | undefined) ?? null,
    logDirectory: values["log-dir"] as string | undefined,
    tempDirectory: values["temp-dir"] as string | undefined,
    initialCommand: (values["initial-command"] as string | undefined) ?? null,
    pythonExecutable: (values.python as string | undefined) ?? null,
    nevents: int(values.nevents, "nevents"),
    iseed: int(values.iseed, "iseed"),
    eventNorm: eventNorm(values["event-norm"]),
    regenerateProcess: values.regenerate === true,
    inactivityTimeout: seconds(values["inactivity-timeout"], "inactivity-timeout"),
    timeout: seconds(values.timeout, "timeout"),
    numberFormat: numberFormat(values["number-format"]),
    onEvent,
  });
  if (json) {
    printJson({
      processDirectory: result.processDirectory,
      madgraphVersion: result.madgraph?.version ?? null,
      scripts: result.scripts,
      runs: result.runs.map((r) => ({ index: r.index, sampleBenchmark: r.sampleBenchmark, runCard: r.runCardFile, runName: r.runName, cards: r.cards, log: r.log, lheFile: r.lheFile, nEvents: r.check?.nEvents ?? null, weightsOk: r.check?.ok ?? null })),
    });
    return 0;
  }
  process.stdout.write(table(result.runs.map((r) => [r.index, r.sampleBenchmark, r.runCardFile ?? "(process card)", prepare ? `madminer/scripts/run_${r.index}.sh` : (r.lheFile ?? "")]), ["run", "sampling", "run card", prepare ? "script" : "events"]) + "\n");
  if (result.scripts) {
    process.stdout.write(`\nTo generate the events:\n  ${result.scripts.master} /path/to/MG5_aMC     (or MG_DIR=/path/to/MG5_aMC)\n`);
    process.stdout.write(`On a cluster, from ${join(result.processDirectory, "madminer")}:\n  MG_DIR=/path/to/MG5_aMC sbatch --export=ALL slurm.sh    or    condor_submit mg_dir=/path/to/MG5_aMC condor.sub\n`);
  }
  return 0;
}

export const mgCommand: Command = {
  name: "mg",
  summary: "MadGraph cards, batch scripts and runs (MadMiner.run / run_multiple)",
  help: HELP,
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === "cards") return cards(rest);
    if (sub === "prepare") return runOrPrepare(rest, true);
    if (sub === "run") return runOrPrepare(rest, false);
    throw new InputError(`mm mg: expected a subcommand cards, prepare or run${sub ? `, got '${sub}'` : ""}. Run 'mm mg --help'.`);
  },
};
