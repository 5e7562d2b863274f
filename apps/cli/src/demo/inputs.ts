// The demo's inputs: LHE files from the built-in generator (@mm/generator),
// a setup YAML and a pipeline YAML, all written into the output folder, so
// that `mm demo` is exactly `mm run DIR/pipeline.yaml` on generated events.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { generateEvents, writeLhe, type GeneratorBenchmark } from "@mm/generator";
import { writeFileAtomicSync } from "@mm/util";

/** Six benchmarks for the six quadratic components in (c_VV, c_AA) [TeV⁻²]. */
export const DEMO_BENCHMARKS: GeneratorBenchmark[] = [
  { name: "sm", values: [0, 0] },
  { name: "vv_plus", values: [0.8, 0] },
  { name: "vv_minus", values: [-0.8, 0] },
  { name: "aa_plus", values: [0, 0.8] },
  { name: "aa_minus", values: [0, -0.8] },
  { name: "mixed", values: [0.6, 0.6] },
];
/** The samples: most events at the SM, a second sample where the EFT effects are large. */
export const DEMO_SAMPLES = ["sm", "vv_plus"];
export const DEMO_SQRT_S = 250;
export const DEMO_COS_MAX = 0.95;

export interface DemoOptions {
  nEvents: number;
  seed: number;
}

const setupYaml = `# Demo setup: e+ e- -> mu+ mu- at 250 GeV with two contact operators,
# c_VV/Lambda^2 and c_AA/Lambda^2 in TeV^-2 (written by mm demo).
parameters:
  - { name: cVV, lha_block: dim6, lha_id: 1, morphing_max_power: 2, parameter_range: [-1.0, 1.0] }
  - { name: cAA, lha_block: dim6, lha_id: 2, morphing_max_power: 2, parameter_range: [-1.0, 1.0] }
benchmarks:
${DEMO_BENCHMARKS.map((b) => `  - { name: ${b.name}, values: [${b.values.map((v) => v.toFixed(1)).join(", ")}] }`).join("\n")}
morphing:
  max_overall_power: 2
`;

function pipelineYaml(o: DemoOptions): string {
  return `# The demo pipeline (written by mm demo): the same steps as any mm run.
name: "Demo: e+e- → μ+μ- with contact operators (√s = 250 GeV)"
seed: ${o.seed}
setup:
  config: setup.yaml
events:
  samples:
${DEMO_SAMPLES.map((s) => `    - { file: lhe/${s}.lhe.gz, sampled_from: ${s} }`).join("\n")}
  observables:
    cos_theta: "-mu[0].charge * mu[0].pz / mu[0].e"   # angle of the mu- to the e- beam
    pt_mu: "mu[0].pt"
    eta_mu1: "mu[0].eta"
sampling:
  theta: sm
  n_train: 20000
  n_test: 5000
  test_split: 0.25
training:
  method: sally
  n_hidden: [40, 40]
  n_epochs: 12
  batch_size: 128
  initial_lr: 0.003
  final_lr: 0.0003
fisher:
  thetas: [sm]
  luminosity: 500      # pb^-1
  histogram: { observable: cos_theta, bins: 8 }
plots:
  thetas: [sm, vv_plus, aa_plus]
  observables: [cos_theta, pt_mu]
  parameter_labels: ["$c_{VV}/\\\\Lambda^2$ [TeV$^{-2}$]", "$c_{AA}/\\\\Lambda^2$ [TeV$^{-2}$]"]
`;
}

/** Writes DIR/lhe/*.lhe.gz (only when missing: the pipeline's hashes see no change), setup.yaml and pipeline.yaml. */
export async function writeDemoInputs(dir: string, o: DemoOptions, onSample?: (name: string) => void): Promise<string> {
  for (const [k, name] of DEMO_SAMPLES.entries()) {
    const path = join(dir, "lhe", `${name}.lhe.gz`);
    const marker = join(dir, "lhe", `${name}.settings.json`);
    const settings = JSON.stringify({ nEvents: o.nEvents, seed: o.seed + k, sqrtS: DEMO_SQRT_S, cosMax: DEMO_COS_MAX, benchmarks: DEMO_BENCHMARKS });
    if (existsSync(path) && existsSync(marker) && (await import("node:fs")).readFileSync(marker, "utf8") === settings) continue;
    onSample?.(name);
    const sampling = DEMO_BENCHMARKS.find((b) => b.name === name)!;
    const ev = generateEvents({ nEvents: o.nEvents, sampling, benchmarks: DEMO_BENCHMARKS, seed: o.seed + k, sqrtS: DEMO_SQRT_S, cosMax: DEMO_COS_MAX });
    await writeLhe(path, ev);
    writeFileAtomicSync(marker, settings);
  }
  writeFileAtomicSync(join(dir, "setup.yaml"), setupYaml);
  const pipeline = join(dir, "pipeline.yaml");
  writeFileAtomicSync(pipeline, pipelineYaml(o));
  return pipeline;
}
