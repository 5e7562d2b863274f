// mm xsec: total cross sections (and statistical uncertainties) of a MadMiner events file.
import { DataAnalyzer, openEventsFile, type Partition, type ThetaRef } from "@mm/sampling";
import { InputError } from "@mm/util";
import { parse, parseVector, printJson, required, type Command } from "../command.js";
import { bold, table } from "../style.js";

const HELP = `mm xsec --file events.h5 [--theta 0,0 ...] [--benchmark NAME ...] [--partition all] [--json]

Total cross sections in pb with their statistical uncertainties, read the way
Python MadMiner's DataAnalyzer.xsecs does: all events with their sampling
factors (each sample's weights times its share of the signal events), or one
partition (train/validation/test with MadMiner's bounds and 1/fraction
correction). Without --theta/--benchmark: every benchmark.

Options:
  --file FILE          MadMiner events file
  --theta LIST         a parameter point such as -3.5,2 (repeatable)
  --benchmark NAME     a benchmark by name (repeatable)
  --partition P        all (default), train, validation or test
  --test-split F       default 0.2;  --validation-split F  default 0.2
  --close-to LIST      only events generated at the benchmark closest to this point (plus background)
  --json               print {"thetas": [[...]], "xsecs": [...], "uncertainties": [...]}`;

export const xsecCommand: Command = {
  name: "xsec",
  summary: "total cross sections of an events file at benchmarks or parameter points",
  help: HELP,
  async run(argv) {
    const v = parse("xsec", argv, {
      file: { type: "string" },
      theta: { type: "string", multiple: true },
      benchmark: { type: "string", multiple: true },
      partition: { type: "string" },
      "test-split": { type: "string" },
      "validation-split": { type: "string" },
      "close-to": { type: "string" },
      json: { type: "boolean" },
    }, false).values as Record<string, any>;
    const file = required(v.file as string | undefined, "file", "xsec");
    const partition = (v.partition ?? "all") as Partition;
    if (!["all", "train", "validation", "test"].includes(partition)) throw new InputError(`--partition must be all, train, validation or test; got '${partition}'`);
    const da = new DataAnalyzer(await openEventsFile(file));
    const refs: ThetaRef[] = [...((v.benchmark as string[] | undefined) ?? []), ...((v.theta as string[] | undefined) ?? []).map((t) => parseVector(t, "theta"))];
    const thetas = refs.length ? refs : da.benchmarkNames;
    const opts = {
      partition,
      testSplit: v["test-split"] !== undefined ? Number(v["test-split"]) : 0.2,
      validationSplit: v["validation-split"] !== undefined ? Number(v["validation-split"]) : 0.2,
      generatedCloseTo: v["close-to"] ? parseVector(v["close-to"], "close-to") : null,
    };
    const r = await da.xsecs(thetas, opts);
    const values = thetas.map((t) => da.thetaValue(t));
    if (v.json) {
      printJson({ thetas: values, xsecs: Array.from(r.xsecs), uncertainties: Array.from(r.uncertainties) });
      return 0;
    }
    const rows = thetas.map((t, i) => [typeof t === "string" ? t : "", values[i].join(", "), r.xsecs[i].toPrecision(8), r.uncertainties[i].toPrecision(4), ((100 * r.uncertainties[i]) / r.xsecs[i]).toFixed(2) + " %"]);
    process.stdout.write(`${bold("Cross sections")} (${partition} events of ${file})\n`);
    process.stdout.write(table(rows, ["benchmark", da.parameterNames.join(", "), "xsec [pb]", "± [pb]", "rel."]) + "\n");
    return 0;
  },
};
