// mm setup: parameters, benchmarks and morphing from a YAML file → a MadMiner setup file.
import { dirname, resolve } from "node:path";
import { isObj, loadYaml, type Loc } from "../yaml-config.js";
import { MadMiner } from "@mm/core";
import { InputError } from "@mm/util";
import { parse, printJson, type Command } from "../command.js";
import { bold, green, table } from "../style.js";

const HELP = `mm setup --config setup.yaml [-o setup.h5] [--json]

Creates a MadMiner setup file (parameters, benchmarks, morphing basis), as the
Python MadMiner's add_parameter / add_benchmark / set_morphing / save.

Options:
  --config FILE   YAML configuration (see examples/wbf_h_aa/setup.yaml)
  -o, --output F  output HDF5 file (default: 'output' in the config)
  --json          print the resulting setup as JSON on stdout

Config keys (snake_case, as the Python keyword arguments):
  output: setup.h5                      # relative to the config file's folder
  parameters:                           # in theta order
    - name, lha_block, lha_id, morphing_max_power (int or list),
      parameter_range [min, max], param_card_transform ("16.52*theta")
  benchmarks:                           # kept first, in this order
    - name, values: {PARAM: value, ...}  (or a list in parameter order)
  morphing:                             # optional
    max_overall_power (int or list), n_bases, include_existing_benchmarks,
    n_trials, n_test_thetas, seed       # seed = np.random.seed(seed) in Python
  systematics:                          # optional, as add_systematics
    - effect: norm | scale | pdf, name, norm_variation, scale (mu|mur|muf),
      scale_variations [0.5, 1.0, 2.0], pdf_variation ("CT10")
  finite_differences: {epsilon: 0.01}   # optional, after morphing

Relative paths in the config resolve relative to the config file's folder;
-o resolves relative to the current directory.`;


export function buildFromConfig(file: string): { mm: MadMiner; output: string | null } {
  const { data, line } = loadYaml(file);
  const fail = (path: (string | number)[], message: string): never => {
    throw new InputError(`${path.length ? path.join(".") + ": " : ""}${message}`, { file, line: line(path) });
  };
  if (!isObj(data)) fail([], "the config must be a mapping with 'parameters' and 'benchmarks'");
  const cfg = data as Record<string, unknown>;
  const allowedTop = ["output", "parameters", "benchmarks", "morphing", "systematics", "finite_differences"];
  for (const k of Object.keys(cfg)) if (!allowedTop.includes(k)) fail([k], `unknown key '${k}' (allowed: ${allowedTop.join(", ")})`);

  const mm = new MadMiner();
  mm.onWarning = (m) => process.stderr.write(`warning: ${m}\n`);
  const wrap = <T>(path: (string | number)[], f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof InputError) return fail(path, err.message);
      throw err;
    }
  };

  const params = cfg.parameters;
  if (!Array.isArray(params) || params.length === 0) fail(["parameters"], "a non-empty list of parameters is required");
  const pKeys = ["name", "lha_block", "lha_id", "morphing_max_power", "parameter_range", "param_card_transform"];
  (params as unknown[]).forEach((p, i) => {
    const at = ["parameters", i];
    if (!isObj(p)) fail(at, "each parameter must be a mapping (name, lha_block, lha_id, ...)");
    const q = p as Record<string, unknown>;
    for (const k of Object.keys(q)) if (!pKeys.includes(k)) fail([...at, k], `unknown key '${k}' (allowed: ${pKeys.join(", ")})`);
    if (q.lha_block === undefined || q.lha_id === undefined) fail(at, "lha_block and lha_id are required");
    const range = q.parameter_range;
    if (range !== undefined && (!Array.isArray(range) || range.length !== 2 || range.some((x) => typeof x !== "number"))) {
      fail([...at, "parameter_range"], `expected [min, max], got ${JSON.stringify(range)}`);
    }
    wrap(at, () =>
      mm.addParameter({
        lhaBlock: String(q.lha_block),
        lhaId: q.lha_id as number,
        parameterName: (q.name as string | undefined) ?? null,
        morphingMaxPower: q.morphing_max_power as number | number[] | undefined,
        parameterRange: range as [number, number] | undefined,
        paramCardTransform: (q.param_card_transform as string | undefined) ?? null,
      }),
    );
  });

  const bms = cfg.benchmarks ?? [];
  if (!Array.isArray(bms)) fail(["benchmarks"], "expected a list of {name, values}");
  (bms as unknown[]).forEach((b, i) => {
    const at = ["benchmarks", i];
    if (!isObj(b)) fail(at, "each benchmark must be a mapping {name, values}");
    const q = b as Record<string, unknown>;
    for (const k of Object.keys(q)) if (!["name", "values"].includes(k)) fail([...at, k], `unknown key '${k}' (allowed: name, values)`);
    if (q.values === undefined) fail(at, "values are required");
    wrap(at, () => mm.addBenchmark(q.values as Record<string, number> | number[], (q.name as string | undefined) ?? null));
  });

  if (cfg.morphing !== undefined && cfg.morphing !== null) {
    const m = cfg.morphing;
    if (!isObj(m)) fail(["morphing"], "expected a mapping (max_overall_power, n_trials, ...)");
    const mKeys = ["max_overall_power", "n_bases", "include_existing_benchmarks", "n_trials", "n_test_thetas", "seed"];
    const q = m as Record<string, unknown>;
    for (const k of Object.keys(q)) if (!mKeys.includes(k)) fail(["morphing", k], `unknown key '${k}' (allowed: ${mKeys.join(", ")})`);
    for (const k of ["n_bases", "n_trials", "n_test_thetas", "seed"]) {
      if (q[k] !== undefined && (!Number.isInteger(q[k]) || (q[k] as number) < 0)) fail(["morphing", k], `expected a non-negative integer, got ${JSON.stringify(q[k])}`);
    }
    wrap(["morphing"], () =>
      mm.setMorphing({
        maxOverallPower: q.max_overall_power as number | number[] | undefined,
        nBases: q.n_bases as number | undefined,
        includeExistingBenchmarks: q.include_existing_benchmarks as boolean | undefined,
        nTrials: q.n_trials as number | undefined,
        nTestThetas: q.n_test_thetas as number | undefined,
        seed: (q.seed as number | undefined) ?? 0,
      }),
    );
  }
  if (cfg.systematics !== undefined && cfg.systematics !== null) {
    if (!Array.isArray(cfg.systematics)) fail(["systematics"], "expected a list of {effect, name, ...}");
    const sKeys = ["effect", "name", "norm_variation", "scale", "scale_variations", "pdf_variation"];
    (cfg.systematics as unknown[]).forEach((x, i) => {
      const at = ["systematics", i];
      if (!isObj(x)) fail(at, "each systematic must be a mapping {effect, ...}");
      const q = x as Record<string, unknown>;
      for (const k of Object.keys(q)) if (!sKeys.includes(k)) fail([...at, k], `unknown key '${k}' (allowed: ${sKeys.join(", ")})`);
      wrap(at, () =>
        mm.addSystematics(q.effect as "norm", {
          systematicName: q.name as string | undefined,
          normVariation: q.norm_variation as number | undefined,
          scale: q.scale as "mu" | undefined,
          scaleVariations: q.scale_variations as number[] | undefined,
          pdfVariation: q.pdf_variation as string | undefined,
        }),
      );
    });
  }
  if (cfg.finite_differences !== undefined && cfg.finite_differences !== null) {
    const f = cfg.finite_differences;
    if (!isObj(f) || Object.keys(f).some((k) => k !== "epsilon")) fail(["finite_differences"], "expected {epsilon: number}");
    wrap(["finite_differences"], () => mm.finiteDifferences(((f as Record<string, unknown>).epsilon as number | undefined) ?? 0.01));
  }

  const out = cfg.output;
  if (out !== undefined && typeof out !== "string") fail(["output"], "expected a file name");
  return { mm, output: typeof out === "string" ? resolve(dirname(resolve(file)), out) : null };
}

export const setupCommand: Command = {
  name: "setup",
  summary: "create a MadMiner setup file (parameters, benchmarks, morphing) from a YAML config",
  help: HELP,
  async run(argv) {
    const values = parse("setup", argv, {
      config: { type: "string" },
      output: { type: "string", short: "o" },
      json: { type: "boolean" },
    }, false).values as { config?: string; output?: string; json?: boolean };
    if (!values.config) throw new InputError("mm setup: --config is required (e.g. --config examples/wbf_h_aa/setup.yaml). Run 'mm setup --help'.");
    const { mm, output } = buildFromConfig(values.config);
    const target = values.output ? resolve(values.output) : output;
    if (!target) throw new InputError(`mm setup: give -o FILE or 'output:' in ${values.config}`);
    await mm.save(target);
    const setup = mm.toSetup();
    if (values.json) {
      printJson({
        output: target,
        parameters: setup.parameters,
        benchmarks: setup.benchmarks.map((b) => ({ name: b.name, values: b.values })),
        morphing: setup.morphing ? { components: setup.morphing.components, nBenchmarks: setup.morphing.matrix.length / Math.max(1, setup.morphing.components.length) } : null,
      });
      return 0;
    }
    const out = process.stdout;
    out.write(`${green("wrote")} ${target}\n\n${bold("Parameters")}\n`);
    out.write(
      table(
        setup.parameters.map((p) => [p.name, `${p.lhaBlock} ${p.lhaId}`, p.maxPowers ? p.maxPowers.join("/") : String(p.maxPower), `[${p.range[0]}, ${p.range[1]}]`, p.transform ?? "-"]),
        ["name", "LHA", "max power", "range", "transform"],
      ) + "\n\n",
    );
    out.write(`${bold("Benchmarks")}\n`);
    out.write(table(setup.benchmarks.map((b) => [b.name, ...b.values]), ["name", ...setup.parameters.map((p) => p.name)]) + "\n\n");
    out.write(setup.morphing ? `${bold("Morphing")}: ${setup.morphing.components.length} components, basis of ${setup.benchmarks.length} benchmarks\n` : `${bold("Morphing")}: none\n`);
    return 0;
  },
};
