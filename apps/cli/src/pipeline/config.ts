// The pipeline file: one YAML document describing the whole analysis. Parsed
// and checked here (unknown keys, types) with errors that name the file, line
// and key; relative paths resolve from the YAML file's folder.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { InputError } from "@mm/util";

export const STEP_NAMES = ["setup", "madgraph", "events", "sampling", "training", "fisher", "plots", "report"] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface SampleConfig {
  file: string;
  sampledFrom: string;
  isBackground: boolean;
  kFactor: number;
}

export interface ObservableConfig {
  name: string;
  definition: string;
  required: boolean;
  default: number | null;
}

export interface SmearingConfig {
  pdgIds: number[];
  energy?: [number | null, number | null];
  pt?: [number | null, number | null];
  eta?: [number | null, number | null];
  phi?: [number | null, number | null];
}

/** Event generation with MadGraph (MadMiner.run_multiple), optional. */
export interface MadGraphConfig {
  mgDirectory: string;
  procCard: string;
  paramCardTemplate: string;
  runCards: (string | null)[];
  pythia8Card: string | null;
  /** One run per sampling benchmark (and run card). */
  sampleBenchmarks: string[];
  isBackground: boolean;
  /** Default DIR/madgraph/process. */
  processDirectory: string | null;
  nevents: number | null;
  timeout: number | null;
  inactivityTimeout: number | null;
  pythonExecutable: string | null;
  initialCommand: string | null;
}

/** A parameter point in the YAML: a benchmark name or a list of values. */
export type ThetaConfig = string | number[];

export interface PipelineConfig {
  file: string;
  dir: string;
  name: string;
  seed: number;
  setup: { config: string | null; file: string | null };
  madgraph: MadGraphConfig | null;
  events: { samples: SampleConfig[]; observables: ObservableConfig[]; cuts: { definition: string; required: boolean }[]; smearing: SmearingConfig[]; metNoise: [number, number] | null };
  sampling: { theta: ThetaConfig; nTrain: number; nTest: number; testSplit: number };
  training: { method: "sally"; nHidden: number[]; activation: "tanh" | "relu" | "sigmoid"; nEpochs: number; batchSize: number; initialLr: number; finalLr: number; validationSplit: number; earlyStopping: boolean; features: string[] | null };
  fisher: { thetas: ThetaConfig[]; luminosity: number; histogram: { observable: string; bins: number }; truthPartition: "all" | "test" };
  plots: { thetas: ThetaConfig[]; observables: string[] | null; parameterLabels: string[] | null; contourRange: [number, number][] | null };
  /** Content of each section as written (for the hashes). */
  raw: Record<string, unknown>;
}

type Path = (string | number)[];
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Reads and checks a pipeline file. */
export function loadPipeline(file: string): PipelineConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read the pipeline file: ${(err as Error).message}`, { file });
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) throw new InputError(`YAML syntax error: ${doc.errors[0].message.split("\n")[0]}`, { file, line: doc.errors[0].linePos?.[0]?.line });
  const lineOf = (p: Path): number | undefined => {
    for (let k = p.length; k >= 0; k--) {
      const node = doc.getIn(p.slice(0, k), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const fail = (p: Path, message: string): never => {
    throw new InputError(`${p.length ? p.join(".") + ": " : ""}${message}`, { file, line: lineOf(p) });
  };
  const data = doc.toJS() as unknown;
  if (!isObj(data)) return fail([], "the pipeline must be a mapping with setup, events, sampling, training, fisher (see examples/wbf_h_aa/pipeline.yaml)");
  const dir = dirname(path);
  const keys = (obj: Record<string, unknown>, p: Path, allowed: string[]) => {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail([...p, k], `unknown key '${k}' (allowed: ${allowed.join(", ")})`);
  };
  const section = (name: string, required = true): Record<string, unknown> => {
    const s = data[name];
    if (s === undefined || s === null) {
      if (required) fail([name], `the '${name}' section is required`);
      return {};
    }
    if (!isObj(s)) fail([name], "expected a mapping");
    return s as Record<string, unknown>;
  };
  const num = (v: unknown, p: Path, def?: number, check?: (x: number) => boolean, what = "a number"): number => {
    if (v === undefined || v === null) {
      if (def === undefined) fail(p, `${what} is required`);
      return def as number;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || (check && !check(v))) fail(p, `expected ${what}, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const int = (v: unknown, p: Path, def?: number) => num(v, p, def, (x) => Number.isInteger(x) && x > 0, "a positive integer");
  const str = (v: unknown, p: Path, def?: string): string => {
    if (v === undefined || v === null) {
      if (def === undefined) fail(p, "a string is required");
      return def as string;
    }
    if (typeof v !== "string") fail(p, `expected a string, got ${JSON.stringify(v)}`);
    return v as string;
  };
  const theta = (v: unknown, p: Path): ThetaConfig => {
    if (typeof v === "string") return v;
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x))) return v as number[];
    return fail(p, `expected a benchmark name or a list of parameter values, got ${JSON.stringify(v)}`);
  };
  const pair = (v: unknown, p: Path): [number | null, number | null] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length !== 2 || v.some((x) => x !== null && typeof x !== "number")) fail(p, `expected [abs, rel] (numbers or null), got ${JSON.stringify(v)}`);
    return v as [number | null, number | null];
  };
  keys(data, [], ["name", "seed", "setup", "madgraph", "events", "sampling", "training", "fisher", "plots"]);

  const s = section("setup");
  keys(s, ["setup"], ["config", "file"]);
  if ((s.config === undefined) === (s.file === undefined)) fail(["setup"], "give exactly one of 'config' (a setup YAML for mm setup) or 'file' (an existing setup .h5)");
  const setup = { config: s.config !== undefined ? resolve(dir, str(s.config, ["setup", "config"])) : null, file: s.file !== undefined ? resolve(dir, str(s.file, ["setup", "file"])) : null };

  let madgraph: MadGraphConfig | null = null;
  if (data.madgraph !== undefined && data.madgraph !== null) {
    const m = section("madgraph");
    keys(m, ["madgraph"], ["mg_directory", "proc_card", "param_card_template", "run_card", "run_cards", "pythia8_card", "sample_benchmarks", "is_background", "process_directory", "nevents", "timeout", "inactivity_timeout", "python_executable", "initial_command"]);
    const path = (v: unknown, p: Path) => resolve(dir, str(v, p));
    const optPath = (v: unknown, p: Path) => (v === undefined || v === null ? null : path(v, p));
    if (m.run_card !== undefined && m.run_cards !== undefined) fail(["madgraph", "run_cards"], "give 'run_card' or 'run_cards', not both");
    const runCardsRaw = m.run_cards !== undefined ? m.run_cards : [m.run_card ?? null];
    if (!Array.isArray(runCardsRaw) || runCardsRaw.length === 0) fail(["madgraph", "run_cards"], "expected a non-empty list of run card files");
    const sb = m.sample_benchmarks ?? ["sm"];
    if (!Array.isArray(sb) || sb.length === 0 || sb.some((x) => typeof x !== "string")) fail(["madgraph", "sample_benchmarks"], "expected a non-empty list of benchmark names");
    const seconds = (v: unknown, p: Path) => (v === undefined || v === null ? null : num(v, p, undefined, (x) => x > 0, "a positive number of seconds"));
    madgraph = {
      mgDirectory: path(m.mg_directory, ["madgraph", "mg_directory"]),
      procCard: path(m.proc_card, ["madgraph", "proc_card"]),
      paramCardTemplate: path(m.param_card_template, ["madgraph", "param_card_template"]),
      runCards: (runCardsRaw as unknown[]).map((v, i) => optPath(v, ["madgraph", m.run_cards !== undefined ? "run_cards" : "run_card", ...(m.run_cards !== undefined ? [i] : [])])),
      pythia8Card: optPath(m.pythia8_card, ["madgraph", "pythia8_card"]),
      sampleBenchmarks: sb as string[],
      isBackground: m.is_background === true,
      processDirectory: optPath(m.process_directory, ["madgraph", "process_directory"]),
      nevents: m.nevents === undefined || m.nevents === null ? null : int(m.nevents, ["madgraph", "nevents"]),
      timeout: seconds(m.timeout, ["madgraph", "timeout"]),
      inactivityTimeout: seconds(m.inactivity_timeout, ["madgraph", "inactivity_timeout"]),
      pythonExecutable: m.python_executable === undefined || m.python_executable === null ? null : str(m.python_executable, ["madgraph", "python_executable"]),
      initialCommand: m.initial_command === undefined || m.initial_command === null ? null : str(m.initial_command, ["madgraph", "initial_command"]),
    };
  }

  const e = section("events");
  keys(e, ["events"], ["samples", "observables", "cuts", "smearing", "met_noise"]);
  if (e.samples === undefined && madgraph === null) fail(["events", "samples"], "a non-empty list of {file, sampled_from} is required (or a 'madgraph' section that generates the events)");
  if (e.samples !== undefined && (!Array.isArray(e.samples) || (e.samples.length === 0 && madgraph === null))) fail(["events", "samples"], "a non-empty list of {file, sampled_from} is required");
  const samples = ((e.samples ?? []) as unknown[]).map((x, i): SampleConfig => {
    const p = ["events", "samples", i];
    if (!isObj(x)) return fail(p, "expected {file, sampled_from, is_background?, k_factor?}");
    keys(x, p, ["file", "sampled_from", "sampled_from_benchmark", "is_background", "k_factor"]);
    if (x.sampled_from_benchmark !== undefined) {
      if (x.sampled_from !== undefined) fail([...p, "sampled_from"], "give 'sampled_from' or 'sampled_from_benchmark' (mm lhe's name), not both");
      x.sampled_from = x.sampled_from_benchmark;
    }
    const isBackground = x.is_background === true;
    return { file: resolve(dir, str(x.file, [...p, "file"])), sampledFrom: isBackground ? str(x.sampled_from, [...p, "sampled_from"], "") : str(x.sampled_from, [...p, "sampled_from"]), isBackground, kFactor: num(x.k_factor, [...p, "k_factor"], 1) };
  });
  if (!isObj(e.observables) || Object.keys(e.observables).length === 0) fail(["events", "observables"], "a mapping NAME: EXPRESSION (or NAME: {definition, required, default}) is required");
  const observables = Object.entries(e.observables as Record<string, unknown>).map(([name, v]): ObservableConfig => {
    const p = ["events", "observables", name];
    if (typeof v === "string") return { name, definition: v, required: true, default: null };
    if (!isObj(v)) return fail(p, "expected an expression string or {definition, required, default}");
    keys(v, p, ["definition", "required", "default"]);
    return { name, definition: str(v.definition, [...p, "definition"]), required: v.required !== false, default: v.default === undefined || v.default === null ? null : num(v.default, [...p, "default"]) };
  });
  const cuts = ((e.cuts ?? []) as unknown[]).map((c, i) => {
    if (typeof c === "string") return { definition: c, required: false };
    if (isObj(c)) return { definition: str(c.definition, ["events", "cuts", i, "definition"]), required: c.required === true };
    return fail(["events", "cuts", i], "expected an expression string or {definition, required}");
  });
  if (!Array.isArray(e.cuts ?? [])) fail(["events", "cuts"], "expected a list of expressions");
  // Smearing rules take the keys of mm lhe's analysis YAML (pdgids, energy_resolution, ...)
  // or the short ones (pdg_ids, energy, pt, eta, phi); null = from the on-shell condition; a missing entry takes
  // set_smearing's default (energy, eta, phi: no smearing; pt: from the on-shell condition).
  const smearing = ((e.smearing ?? []) as unknown[]).map((x, i): SmearingConfig => {
    const p = ["events", "smearing", i];
    if (!isObj(x)) return fail(p, "expected {pdgids, energy_resolution, pt_resolution, eta_resolution, phi_resolution}");
    const aliases: [string, string][] = [["pdgids", "pdg_ids"], ["energy_resolution", "energy"], ["pt_resolution", "pt"], ["eta_resolution", "eta"], ["phi_resolution", "phi"]];
    keys(x, p, aliases.flat());
    const get = ([long, short]: [string, string]): [unknown, Path] => {
      if (x[long] !== undefined && x[short] !== undefined) fail([...p, short], `give '${long}' or '${short}', not both`);
      return x[long] !== undefined ? [x[long], [...p, long]] : [x[short], [...p, short]];
    };
    const [ids, idsPath] = get(aliases[0]);
    if (!Array.isArray(ids) || ids.some((v) => !Number.isInteger(v))) fail(idsPath, "expected a list of PDG ids");
    const res = (k: number) => {
      const [v, path] = get(aliases[k]);
      return v === null ? [null, null] as [null, null] : pair(v, path);
    };
    return { pdgIds: ids as number[], energy: res(1), pt: res(2), eta: res(3), phi: res(4) };
  });
  let metNoise: [number, number] | null = null;
  if (isObj(e.met_noise)) {
    keys(e.met_noise, ["events", "met_noise"], ["abs", "rel"]);
    metNoise = [num(e.met_noise.abs, ["events", "met_noise", "abs"], 0), num(e.met_noise.rel, ["events", "met_noise", "rel"], 0)];
  } else if (e.met_noise !== undefined && e.met_noise !== null) {
    const v = pair(e.met_noise, ["events", "met_noise"]);
    metNoise = [v?.[0] ?? 0, v?.[1] ?? 0];
  }

  const sm = section("sampling");
  keys(sm, ["sampling"], ["theta", "n_train", "n_test", "test_split"]);
  const sampling = { theta: theta(sm.theta ?? "sm", ["sampling", "theta"]), nTrain: int(sm.n_train, ["sampling", "n_train"], 50000), nTest: int(sm.n_test, ["sampling", "n_test"], 10000), testSplit: num(sm.test_split, ["sampling", "test_split"], 0.2, (x) => x > 0 && x < 1, "a fraction in (0, 1)") };

  const t = section("training");
  keys(t, ["training"], ["method", "n_hidden", "activation", "n_epochs", "batch_size", "initial_lr", "final_lr", "validation_split", "early_stopping", "features"]);
  const method = str(t.method, ["training", "method"], "sally");
  if (method !== "sally") fail(["training", "method"], `only 'sally' runs in the pipeline so far, got '${method}'`);
  const nHidden = t.n_hidden ?? [50, 50];
  if (!Array.isArray(nHidden) || nHidden.some((v) => !Number.isInteger(v) || v <= 0)) fail(["training", "n_hidden"], "expected a list of layer widths such as [50, 50]");
  const activation = str(t.activation, ["training", "activation"], "tanh");
  if (!["tanh", "relu", "sigmoid"].includes(activation)) fail(["training", "activation"], `expected tanh, relu or sigmoid, got '${activation}'`);
  if (t.features !== undefined && (!Array.isArray(t.features) || t.features.some((f) => typeof f !== "string"))) fail(["training", "features"], "expected a list of observable names");
  const training = {
    method: "sally" as const,
    nHidden: nHidden as number[],
    activation: activation as "tanh" | "relu" | "sigmoid",
    nEpochs: int(t.n_epochs, ["training", "n_epochs"], 30),
    batchSize: int(t.batch_size, ["training", "batch_size"], 128),
    initialLr: num(t.initial_lr, ["training", "initial_lr"], 0.002),
    finalLr: num(t.final_lr, ["training", "final_lr"], 0.0002),
    validationSplit: num(t.validation_split, ["training", "validation_split"], 0.25, (x) => x >= 0 && x < 1, "a fraction in [0, 1)"),
    earlyStopping: t.early_stopping !== false,
    features: (t.features as string[] | undefined) ?? null,
  };

  const f = section("fisher");
  keys(f, ["fisher"], ["thetas", "luminosity", "histogram", "truth_partition"]);
  const thetas = (f.thetas ?? [sampling.theta]) as unknown[];
  if (!Array.isArray(thetas) || thetas.length === 0) fail(["fisher", "thetas"], "expected a list of parameter points");
  const h = isObj(f.histogram) ? f.histogram : {};
  if (f.histogram !== undefined && !isObj(f.histogram)) fail(["fisher", "histogram"], "expected {observable, bins}");
  keys(h, ["fisher", "histogram"], ["observable", "bins"]);
  const histObs = str(h.observable, ["fisher", "histogram", "observable"], observables[0].name);
  if (!observables.some((o) => o.name === histObs)) fail(["fisher", "histogram", "observable"], `'${histObs}' is not an observable of the events step (${observables.map((o) => o.name).join(", ")})`);
  const truthPartition = str(f.truth_partition, ["fisher", "truth_partition"], "test");
  if (truthPartition !== "all" && truthPartition !== "test") fail(["fisher", "truth_partition"], "expected 'all' or 'test'");
  const fisher = {
    thetas: thetas.map((v, i) => theta(v, ["fisher", "thetas", i])),
    luminosity: num(f.luminosity, ["fisher", "luminosity"], undefined, (x) => x > 0, "a positive luminosity in pb^-1"),
    histogram: { observable: histObs, bins: int(h.bins, ["fisher", "histogram", "bins"], 10) },
    truthPartition: truthPartition as "all" | "test",
  };

  const pl = section("plots", false);
  keys(pl, ["plots"], ["thetas", "observables", "parameter_labels", "contour_range"]);
  const plots = {
    thetas: ((pl.thetas as unknown[] | undefined) ?? [fisher.thetas[0]]).map((v, i) => theta(v, ["plots", "thetas", i])),
    observables: (pl.observables as string[] | undefined) ?? null,
    parameterLabels: (pl.parameter_labels as string[] | undefined) ?? null,
    contourRange: (pl.contour_range as [number, number][] | undefined) ?? null,
  };
  for (const o of plots.observables ?? []) if (!observables.some((x) => x.name === o)) fail(["plots", "observables"], `'${o}' is not an observable of the events step`);
  for (const o of training.features ?? []) if (!observables.some((x) => x.name === o)) fail(["training", "features"], `'${o}' is not an observable of the events step`);

  return {
    file: path,
    dir,
    name: str(data.name, ["name"], "analysis"),
    seed: num(data.seed, ["seed"], 42, (x) => Number.isInteger(x) && x >= 0, "a non-negative integer"),
    setup,
    madgraph,
    events: { samples, observables, cuts, smearing, metNoise },
    sampling,
    training,
    fisher,
    plots,
    raw: data,
  };
}
