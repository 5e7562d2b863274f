// Step 'madgraph' (only when the pipeline has a 'madgraph' section): event
// generation with MadGraph through @mm/mg-runner (MadMiner.run_multiple: one
// run per sampling benchmark and run card, param and reweight cards from the
// setup, prompts answered, reweighting checked right after each run). Writes
// DIR/madgraph/runs.json, the list of LHE files the 'events' step reads.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { readSetup } from "@mm/hdf5";
import { runMultiple } from "@mm/mg-runner";
import { InputError, writeFileAtomicSync } from "@mm/util";
import type { PipelineConfig, SampleConfig } from "../config.js";
import type { StepDefinition } from "../context.js";

const RUNS = join("madgraph", "runs.json");

interface RunsFile {
  processDirectory: string;
  runs: { sampleBenchmark: string; isBackground: boolean; lheFile: string; log: string }[];
}

/** The event samples produced by the 'madgraph' step (for the 'events' step); [] without that section. */
export function madgraphSamples(config: PipelineConfig, out: string): SampleConfig[] {
  if (!config.madgraph) return [];
  const file = join(out, RUNS);
  if (!existsSync(file)) throw new InputError(`${file} is missing: run the 'madgraph' step first (mm run without --only)`);
  const runs = (JSON.parse(readFileSync(file, "utf8")) as RunsFile).runs;
  return runs.map((r) => ({ file: r.lheFile, sampledFrom: r.isBackground ? "" : r.sampleBenchmark, isBackground: r.isBackground, kFactor: 1 }));
}

export const madgraphStep: StepDefinition = {
  name: "madgraph",
  enabled: (c) => c.madgraph !== null,
  dependsOn: ["setup"],
  inputs: (c) => {
    const m = c.madgraph!;
    return [m.procCard, m.paramCardTemplate, ...m.runCards.filter((f): f is string => f !== null), ...(m.pythia8Card ? [m.pythia8Card] : [])];
  },
  settings: (c) => ({ madgraph: c.raw.madgraph, seed: c.seed }),
  outputs: (c) => (c.madgraph ? [RUNS] : []),
  async run(ctx) {
    const m = ctx.config.madgraph!;
    const setup = await readSetup(join(ctx.out, "setup.h5"));
    const total = m.sampleBenchmarks.length * m.runCards.length;
    const bar = ctx.progress(total, "runs");
    const logDirectory = join(ctx.out, "madgraph", "logs");
    const result = await runMultiple(setup, {
      mgDirectory: m.mgDirectory,
      procCardFile: m.procCard,
      paramCardTemplateFile: m.paramCardTemplate,
      runCardFiles: m.runCards,
      pythia8CardFile: m.pythia8Card,
      sampleBenchmarks: m.sampleBenchmarks,
      isBackground: m.isBackground,
      mgProcessDirectory: m.processDirectory ?? join(ctx.out, "madgraph", "process"),
      logDirectory,
      nevents: m.nevents ?? undefined,
      iseed: ctx.config.seed,
      timeout: m.timeout ?? undefined,
      inactivityTimeout: m.inactivityTimeout ?? undefined,
      pythonExecutable: m.pythonExecutable,
      initialCommand: m.initialCommand,
      onEvent: (e) => {
        if (e.kind === "warning") ctx.warn(e.message);
        else if (e.kind === "generate") ctx.log(`generating the process (log: ${e.log})`);
        else if (e.kind === "run-start") {
          bar.update(e.index, `${e.runName} at ${e.sampleBenchmark}`);
          ctx.log(`run ${e.index + 1}/${e.total}: ${e.runName} sampled at ${e.sampleBenchmark} (log: ${e.log})`);
        } else if (e.kind === "run-done") bar.update(e.index + 1, `${e.seconds.toFixed(0)} s`);
      },
    });
    const runs = result.runs.map((r) => {
      if (!r.lheFile) throw new InputError(`MadGraph run ${r.runName} (${r.sampleBenchmark}) wrote no unweighted_events.lhe.gz; see ${r.log}`);
      return { sampleBenchmark: r.sampleBenchmark, isBackground: m.isBackground, lheFile: r.lheFile, log: r.log };
    });
    const record: RunsFile = { processDirectory: result.processDirectory, runs };
    writeFileAtomicSync(join(ctx.out, RUNS), JSON.stringify(record, null, 1) + "\n");
    bar.done(`${runs.length} run(s) → ${runs.map((r) => relative(ctx.out, r.lheFile)).join(", ")}`);
  },
};
