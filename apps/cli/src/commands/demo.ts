// mm demo: the whole chain on events from the built-in generator
// (e+e- → μ+μ- with contact operators), with an analytic self-check.
import { resolve } from "node:path";
import { InputError } from "@mm/util";
import { parse, printJson, type Command } from "../command.js";
import { demoSelfCheck } from "../demo/selfcheck.js";
import { writeDemoInputs } from "../demo/inputs.js";
import { loadPipeline } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/runner.js";
import { printSummary, readResults } from "../pipeline/summary-print.js";
import { bold, green, red, table } from "../style.js";

const HELP = `mm demo [--out DIR] [--events N] [--seed S] [--json] [--quiet]

Generates e+ e- → μ+ μ- events at √s = 250 GeV with the built-in generator
(photon + Z exchange and the contact operators c_VV, c_AA; exact weights at six
benchmarks, written as MadGraph-style LHE), then runs the same pipeline as
'mm run' on them: setup → events → sampling → SALLY training → Fisher
information (truth, rate, histogram, SALLY) → plots → report.html.
Because the truth is analytic, it also checks the morphed cross sections
against the formula and prints the comparison.

Options:
  --out DIR     output folder (default: mm-demo)
  --events N    events per LHE sample (default 10000; two samples)
  --seed S      seed of everything (default 42)
  --json        print results.json on stdout
  --quiet       no progress output`;

export const demoCommand: Command = {
  name: "demo",
  summary: "run the whole chain on built-in e+e- → μ+μ- events, with an analytic self-check",
  help: HELP,
  async run(argv) {
    const values = parse("demo", argv, { out: { type: "string", short: "o" }, events: { type: "string" }, seed: { type: "string" }, json: { type: "boolean" }, quiet: { type: "boolean", short: "q" } }, false).values as {
      out?: string;
      events?: string;
      seed?: string;
      json?: boolean;
      quiet?: boolean;
    };
    const out = resolve(values.out ?? "mm-demo");
    const nEvents = values.events === undefined ? 10000 : Number(values.events);
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isInteger(nEvents) || nEvents < 100) throw new InputError(`mm demo: --events expects an integer ≥ 100, got '${values.events}'`);
    if (!Number.isInteger(seed) || seed < 0) throw new InputError(`mm demo: --seed expects a non-negative integer, got '${values.seed}'`);
    const say = (m: string) => {
      if (!values.quiet) process.stderr.write(m + "\n");
    };
    say(`${bold("mm demo")}: e+e- → μ+μ- at √s = 250 GeV, ${nEvents} events per sample → ${out}`);
    const pipeline = await writeDemoInputs(out, { nEvents, seed }, (name) => say(`  generating ${nEvents} events at benchmark '${name}'`));
    const config = loadPipeline(pipeline);
    const first = await runPipeline(config, { out, until: "events", quiet: values.quiet });
    const check = await demoSelfCheck(out);
    const rest = await runPipeline(config, { out, quiet: values.quiet, quietSkips: true });
    const outcomes = [...first, ...rest.slice(first.length)];
    if (values.json) {
      printJson(readResults(out));
    } else if (!values.quiet) {
      printSummary(out, outcomes);
      process.stderr.write(
        [
          "",
          bold(`Self-check: morphed vs analytic cross sections and cos θ shapes ${check.passed ? green("PASSED") : red("FAILED")}`),
          table(
            check.points.map((p) => [`(${p.theta.join(", ")})`, p.morphed, p.analytic, p.morphed / p.analytic, ((p.morphed - p.analytic) / p.uncertainty).toFixed(2), `${p.shapeChi2.toFixed(1)}/${p.shapeBins}`, p.maxEventDeviation.toExponential(1)]),
            ["θ = (c_VV, c_AA)", "morphed σ [pb]", "analytic σ [pb]", "ratio", "pull [σ]", "shape χ²/bins", "max rel. dev. of w_θ/w_SM"],
          ),
          "",
        ].join("\n"),
      );
    }
    return check.passed ? 0 : 1;
  },
};
