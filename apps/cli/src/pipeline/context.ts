// What every pipeline step receives, and how a step is described.
import type { ProgressBar } from "../progress.js";
import type { PipelineConfig, StepName } from "./config.js";

export interface StepContext {
  config: PipelineConfig;
  /** Output folder (absolute). */
  out: string;
  /** A progress bar for this step (label = step name). */
  progress(total?: number, unit?: string): ProgressBar;
  /** A line of information (stderr). */
  log(message: string): void;
  warn(message: string): void;
}

export interface StepDefinition {
  name: StepName;
  /** False when the pipeline file does not ask for this step (it is then left out). Default: always on. */
  enabled?(config: PipelineConfig): boolean;
  /** Steps whose outputs this one reads (their keys enter this key). */
  dependsOn: StepName[];
  /** External input files (hashed by content). */
  inputs(config: PipelineConfig, out: string): string[];
  /** Settings that change the outputs (hashed). */
  settings(config: PipelineConfig, out: string): unknown;
  /** Output files, relative to the output folder. */
  outputs(config: PipelineConfig): string[];
  run(ctx: StepContext): Promise<void>;
}
