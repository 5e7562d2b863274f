// mm run: one YAML file → the whole analysis (setup → events → sampling →
// training → fisher → plots → report), resumable and incremental.
import { printJson, parse, type Command } from "../command.js";
import { STEP_NAMES, loadPipeline, type StepName } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/runner.js";
import { printSummary, readResults } from "../pipeline/summary-print.js";
import { InputError } from "@mm/util";

const HELP = `mm run PIPELINE.yaml --out DIR [--from STEP | --only STEP] [--json] [--quiet]

Runs an analysis pipeline: ${STEP_NAMES.join(" → ")}.
Steps whose outputs are up to date (same settings, same input contents, same
upstream results) are skipped, so a second run, or a run after Ctrl-C,
continues where it stopped. Outputs are written atomically.

Options:
  --out DIR      output folder (setup.h5, events.h5, samples/, model/,
                 fisher.json, figures/, results.json, report.html)
  --from STEP    run STEP and every step after it, even if up to date
  --only STEP    run only STEP (the outputs it reads must exist)
  --json         print results.json on stdout
  --quiet        no progress output

The pipeline file (see examples/wbf_h_aa/pipeline.yaml) has the sections
setup (config: setup.yaml | file: setup.h5), events (samples, observables,
cuts, smearing), sampling, training (sally), fisher (thetas, luminosity,
histogram) and plots. Relative paths resolve from the file's folder.

An optional section 'madgraph' generates the events first (the 'madgraph'
step, MadMiner.run_multiple; the 'events' step then reads its LHE files in
addition to any listed samples):
  madgraph:
    mg_directory: /opt/MG5_aMC_v3_5_7
    proc_card: cards/proc_card_signal.dat
    param_card_template: cards/param_card_template.dat
    run_card: cards/run_card_signal.dat     # or run_cards: [...]
    sample_benchmarks: [sm, w]              # one run per benchmark and run card
    nevents: 10000                          # optional run card edit
    # optional: pythia8_card, is_background, process_directory (default
    # DIR/madgraph/process), timeout, inactivity_timeout (s),
    # python_executable, initial_command
Logs go to DIR/madgraph/logs; each run's seed is the pipeline seed + run index.`;

export const runCommand: Command = {
  name: "run",
  summary: "run an analysis pipeline from a YAML file (setup → events → SALLY → Fisher → report)",
  help: HELP,
  async run(argv) {
    const parsed = parse("run", argv, { out: { type: "string", short: "o" }, from: { type: "string" }, only: { type: "string" }, json: { type: "boolean" }, quiet: { type: "boolean", short: "q" } });
    const values = parsed.values as { out?: string; from?: string; only?: string; json?: boolean; quiet?: boolean };
    const positionals = parsed.positionals;
    if (positionals.length !== 1) throw new InputError("mm run: give exactly one pipeline file, e.g. mm run examples/wbf_h_aa/pipeline.yaml --out out/wbf");
    if (!values.out) throw new InputError("mm run: --out DIR is required (the folder for all outputs)");
    if (values.from && values.only) throw new InputError("mm run: use either --from or --only, not both");
    const config = loadPipeline(positionals[0]);
    const outcomes = await runPipeline(config, { out: values.out, from: values.from as StepName | undefined, only: values.only as StepName | undefined, quiet: values.quiet });
    if (values.json) printJson(readResults(values.out));
    else if (!values.quiet && outcomes.at(-1)?.name === "report") printSummary(values.out, outcomes);
    return 0;
  },
};
