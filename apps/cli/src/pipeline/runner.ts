// Runs the steps of a pipeline in order: a step runs when its key (settings +
// input contents + upstream keys) differs from the recorded one or an output
// is missing; otherwise it is skipped. `from` forces a step and everything
// after it; `only` runs one step (its upstream outputs must exist).
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError, MadMinerError } from "@mm/util";
import { ProgressBar } from "../progress.js";
import { dim, green, yellow } from "../style.js";
import { STEP_NAMES, type PipelineConfig, type StepName } from "./config.js";
import type { StepDefinition } from "./context.js";
import { hashFile, hashParts, readState, writeState } from "./state.js";
import { eventsStep } from "./steps/events.js";
import { madgraphStep } from "./steps/madgraph.js";
import { fisherStep } from "./steps/fisher.js";
import { plotsStep } from "./steps/plots.js";
import { reportStep } from "./steps/report.js";
import { samplingStep } from "./steps/sampling.js";
import { setupStep } from "./steps/setup.js";
import { trainingStep } from "./steps/training.js";

export const STEPS: StepDefinition[] = [setupStep, madgraphStep, eventsStep, samplingStep, trainingStep, fisherStep, plotsStep, reportStep];

export interface RunOptions {
  out: string;
  from?: StepName;
  only?: StepName;
  /** Stop after this step (the demo runs up to 'events', checks, then goes on). */
  until?: StepName;
  quiet?: boolean;
  /** Do not log the steps skipped as up to date (the demo's second pass, after its own first pass). */
  quietSkips?: boolean;
}

export interface StepOutcome {
  name: StepName;
  status: "ran" | "skipped";
  seconds: number;
}

function checkStepName(name: string | undefined, option: string): void {
  if (name !== undefined && !(STEP_NAMES as readonly string[]).includes(name)) {
    throw new InputError(`--${option} expects one of ${STEP_NAMES.join(", ")}; got '${name}'`);
  }
}

/** Re-raises an error with the step and (when given) the input named first. */
function inStep(step: StepName, err: unknown): never {
  if (err instanceof MadMinerError) {
    const e = err as MadMinerError & { message: string };
    e.message = `step '${step}': ${e.message}`;
    throw e;
  }
  throw err;
}

/** Temporary files of atomic writes that an interrupted run left behind (never complete outputs). */
export function removeStaleTemporaries(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) n += removeStaleTemporaries(path);
    else if (/^\..+\.tmp-\d+-/.test(entry.name)) {
      rmSync(path, { force: true });
      n++;
    }
  }
  return n;
}

export async function runPipeline(config: PipelineConfig, options: RunOptions): Promise<StepOutcome[]> {
  checkStepName(options.from, "from");
  checkStepName(options.only, "only");
  checkStepName(options.until, "until");
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const stale = removeStaleTemporaries(out);
  const state = readState(out);
  const keys = new Map<StepName, string>();
  const outcomes: StepOutcome[] = [];
  const log = (m: string) => {
    if (!options.quiet) process.stderr.write(m + "\n");
  };
  if (stale > 0) log(dim(`removed ${stale} temporary file(s) of an interrupted run`));
  const fromIndex = options.from ? STEP_NAMES.indexOf(options.from) : -1;
  for (const [index, step] of STEPS.entries()) {
    const t0 = Date.now();
    if (step.enabled && !step.enabled(config)) {
      if (options.only === step.name) throw new InputError(`--only ${step.name}: the pipeline file has no '${step.name}' section`);
      keys.set(step.name, "off");
      continue;
    }
    // The key needs the upstream keys: recorded ones for steps not run now.
    let key: string;
    try {
      const inputs = step.inputs(config, out);
      for (const f of inputs) if (!existsSync(f)) throw new InputError(`input file not found: ${f} (paths in the pipeline file are relative to its folder)`);
      const inputHashes = await Promise.all(inputs.map(async (f) => [f, await hashFile(f)]));
      const upstream = step.dependsOn.map((d) => keys.get(d) ?? state.steps[d]?.key ?? "missing");
      key = hashParts([step.name, step.settings(config, out), inputHashes, upstream]);
    } catch (err) {
      inStep(step.name, err);
    }
    keys.set(step.name, key);
    const outputsPresent = step.outputs(config).every((f) => existsSync(join(out, f)));
    const upToDate = state.steps[step.name]?.key === key && outputsPresent;
    const selected = options.only ? options.only === step.name : true;
    const forced = options.only === step.name || (fromIndex >= 0 && index >= fromIndex);
    if (!selected || (upToDate && !forced)) {
      if (selected && !options.quietSkips) log(`${dim("•")} ${step.name} ${dim("up to date, skipped")}`);
      outcomes.push({ name: step.name, status: "skipped", seconds: 0 });
    } else {
      if (options.only) {
        for (const d of step.dependsOn) {
          const missing = STEPS.find((s) => s.name === d)!.outputs(config).filter((f) => !existsSync(join(out, f)));
          if (missing.length) throw new InputError(`step '${step.name}': --only needs the outputs of step '${d}' (${missing.join(", ")} missing in ${out}); run without --only first`);
        }
      }
      log(`${green("▶")} ${step.name}`);
      try {
        await step.run({
          config,
          out,
          progress: (total, unit) => new ProgressBar(`  ${step.name}`, { total, unit, quiet: options.quiet }),
          log: (m) => log(`  ${m}`),
          warn: (m) => log(`  ${yellow("warning")}: ${m}`),
        });
      } catch (err) {
        inStep(step.name, err);
      }
      const missing = step.outputs(config).filter((f) => !existsSync(join(out, f)));
      if (missing.length) throw new MadMinerError("internal", `step '${step.name}' finished without writing ${missing.join(", ")}`);
      const seconds = (Date.now() - t0) / 1000;
      state.steps[step.name] = { key, outputs: step.outputs(config), finishedAt: new Date().toISOString(), seconds };
      writeState(out, state);
      outcomes.push({ name: step.name, status: "ran", seconds });
    }
    if (options.until === step.name) break;
  }
  return outcomes;
}
