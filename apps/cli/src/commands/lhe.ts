// mm lhe: LHE event files → a MadMiner events file (observables, cuts, efficiencies,
// smearing, weights per benchmark), as Python MadMiner's LHEReader.
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { isObj, loadYaml, type Loc } from "../yaml-config.js";
import { LHEReader, readLHEHeader, type SampleReport } from "@mm/delphes";
import { InputError } from "@mm/util";
import { parse, printJson, required, type Command } from "../command.js";
import { ProgressBar } from "../progress.js";
import { bold, green, yellow, table } from "../style.js";

const HELP = `mm lhe --setup setup.h5 --config analysis.yaml [-o events.h5] [--json]

Reads LHE files (.lhe or .lhe.gz) generated at the setup's benchmarks, computes
observables, applies cuts, efficiencies and smearing, and writes a MadMiner
events file (Python MadMiner's LHEReader: add_sample, add_observable, add_cut,
add_efficiency, set_smearing, set_met_noise, analyse_samples, save).

Options:
  --setup FILE    MadMiner setup file (mm setup)
  --config FILE   YAML analysis (see examples/wbf_h_aa/analysis.yaml)
  -o, --output F  output events file (default: 'output' in the config)
  --json          print the summary as JSON on stdout
  --quiet         no progress bar

Config keys (snake_case, as the Python keyword arguments):
  output: events.h5                        # relative to the config file's folder
  samples:                                 # relative to the config file's folder
    - file, sampled_from_benchmark, is_background (false), k_factor (1)
  observables:
    - name, definition ("(j[0] + j[1]).m"), required (false), default (NaN)
  default_observables: true | {n_leptons_max, n_photons_max, n_jets_max, ...}
  cuts:
    - definition ("m_aa > 122." — may use observable names), required (false)
  efficiencies:
    - definition, value_if_not_defined (1)
  smearing:
    - pdgids: [..], energy_resolution [abs, rel] | null, pt_resolution,
      eta_resolution, phi_resolution
  met_noise: {abs, rel}
  smearing_seed: 0       shuffle: true       shuffle_seed: 0
  reference_benchmark: NAME

Expressions: Python syntax, evaluated without eval. Objects: e, mu, tau, a, j,
l, v, p (lists sorted by descending pt; p in file order), met, visible, all;
attributes pt, eta, phi, m, e, px, py, pz, p, charge, pdgid; methods
deltaphi, deltaeta, deltaR; functions sqrt, log, exp, sin, cos, atan2, abs,
min, max, float, int, len; constant pi.`;


/** Typed access to the YAML with errors naming the file, line and key. */
class Cfg {
  constructor(readonly file: string, readonly line: Loc) {}
  fail(path: (string | number)[], msg: string): never {
    throw new InputError(`${path.join(".")}: ${msg}`, { file: this.file, line: this.line(path) });
  }
  str(v: unknown, path: (string | number)[]): string {
    if (typeof v !== "string" || v.length === 0) this.fail(path, `expected a non-empty string, got ${JSON.stringify(v)}`);
    return v as string;
  }
  num(v: unknown, path: (string | number)[], dflt?: number): number {
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(path, `expected a number, got ${JSON.stringify(v)}`);
    return v as number;
  }
  bool(v: unknown, path: (string | number)[], dflt: boolean): boolean {
    if (v === undefined) return dflt;
    if (typeof v !== "boolean") this.fail(path, `expected true or false, got ${JSON.stringify(v)}`);
    return v as boolean;
  }
  list(v: unknown, path: (string | number)[]): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, `expected a list`);
    return v as unknown[];
  }
  obj(v: unknown, path: (string | number)[]): Record<string, unknown> {
    if (!isObj(v)) this.fail(path, `expected a mapping (key: value)`);
    return v as Record<string, unknown>;
  }
  resolution(v: unknown, path: (string | number)[]): readonly [number, number] | null | undefined {
    if (v === undefined) return undefined;
    if (v === null) return null;
    if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === "number" && Number.isFinite(x))) this.fail(path, `expected [abs, rel] numbers or null`);
    return [(v as number[])[0], (v as number[])[1]] as const;
  }
  keys(o: Record<string, unknown>, path: (string | number)[], allowed: string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail([...path, k], `unknown key '${k}'; allowed: ${allowed.join(", ")}`);
  }
}

export interface LheConfig {
  output?: string;
  shuffle: boolean;
  shuffleSeed: number;
  smearingSeed: number;
  referenceBenchmark: string | null;
}

/** Applies the YAML to a reader; returns the run options. */
export function configureReader(reader: LHEReader, configPath: string): LheConfig {
  const { data, line } = loadYaml(configPath);
  const c = new Cfg(configPath, line);
  const root = c.obj(data, []);
  c.keys(root, [], ["output", "samples", "observables", "default_observables", "cuts", "efficiencies", "smearing", "met_noise", "smearing_seed", "shuffle", "shuffle_seed", "reference_benchmark"]);
  const base = dirname(resolve(configPath));
  const rel = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const samples = c.list(root.samples, ["samples"]);
  if (samples.length === 0) c.fail(["samples"], "at least one sample is needed (file, sampled_from_benchmark)");
  samples.forEach((s, i) => {
    const p = ["samples", i];
    const o = c.obj(s, p);
    c.keys(o, p, ["file", "sampled_from_benchmark", "is_background", "k_factor"]);
    try {
      reader.addSample(rel(c.str(o.file, [...p, "file"])), c.str(o.sampled_from_benchmark, [...p, "sampled_from_benchmark"]), {
        isBackground: c.bool(o.is_background, [...p, "is_background"], false),
        kFactor: c.num(o.k_factor, [...p, "k_factor"], 1),
      });
    } catch (err) {
      if (err instanceof InputError && !err.file) c.fail(p, err.message);
      throw err;
    }
  });
  const wrap = (p: (string | number)[], f: () => void) => {
    try {
      f();
    } catch (err) {
      if (err instanceof InputError && !err.file) c.fail(p, err.message);
      throw err;
    }
  };
  c.list(root.observables, ["observables"]).forEach((x, i) => {
    const p = ["observables", i];
    const o = c.obj(x, p);
    c.keys(o, p, ["name", "definition", "required", "default"]);
    const dflt = o.default === undefined || o.default === null ? null : c.num(o.default, [...p, "default"]);
    wrap(p, () => reader.addObservable(c.str(o.name, [...p, "name"]), c.str(o.definition, [...p, "definition"]), { required: c.bool(o.required, [...p, "required"], false), default: dflt }));
  });
  if (root.default_observables !== undefined && root.default_observables !== false) {
    const d = root.default_observables === true ? {} : c.obj(root.default_observables, ["default_observables"]);
    const p = ["default_observables"];
    c.keys(d, p, ["n_leptons_max", "n_photons_max", "n_jets_max", "include_met", "include_visible_sum", "include_numbers", "include_charge"]);
    wrap(p, () =>
      reader.addDefaultObservables({
        nLeptonsMax: c.num(d.n_leptons_max, [...p, "n_leptons_max"], 2),
        nPhotonsMax: c.num(d.n_photons_max, [...p, "n_photons_max"], 2),
        nJetsMax: c.num(d.n_jets_max, [...p, "n_jets_max"], 2),
        includeMet: c.bool(d.include_met, [...p, "include_met"], true),
        includeVisibleSum: c.bool(d.include_visible_sum, [...p, "include_visible_sum"], true),
        includeNumbers: c.bool(d.include_numbers, [...p, "include_numbers"], true),
        includeCharge: c.bool(d.include_charge, [...p, "include_charge"], true),
      }),
    );
  }
  c.list(root.cuts, ["cuts"]).forEach((x, i) => {
    const p = ["cuts", i];
    if (typeof x === "string") return wrap(p, () => reader.addCut(x));
    const o = c.obj(x, p);
    c.keys(o, p, ["definition", "required"]);
    wrap(p, () => reader.addCut(c.str(o.definition, [...p, "definition"]), { required: c.bool(o.required, [...p, "required"], false) }));
  });
  c.list(root.efficiencies, ["efficiencies"]).forEach((x, i) => {
    const p = ["efficiencies", i];
    if (typeof x === "string") return wrap(p, () => reader.addEfficiency(x));
    const o = c.obj(x, p);
    c.keys(o, p, ["definition", "value_if_not_defined"]);
    wrap(p, () => reader.addEfficiency(c.str(o.definition, [...p, "definition"]), { valueIfNotDefined: c.num(o.value_if_not_defined, [...p, "value_if_not_defined"], 1) }));
  });
  c.list(root.smearing, ["smearing"]).forEach((x, i) => {
    const p = ["smearing", i];
    const o = c.obj(x, p);
    c.keys(o, p, ["pdgids", "energy_resolution", "pt_resolution", "eta_resolution", "phi_resolution"]);
    const ids = c.list(o.pdgids, [...p, "pdgids"]).map((v, k) => c.num(v, [...p, "pdgids", k]));
    wrap(p, () =>
      reader.setSmearing(ids, {
        energyResolution: c.resolution(o.energy_resolution, [...p, "energy_resolution"]),
        ptResolution: c.resolution(o.pt_resolution, [...p, "pt_resolution"]),
        etaResolution: c.resolution(o.eta_resolution, [...p, "eta_resolution"]),
        phiResolution: c.resolution(o.phi_resolution, [...p, "phi_resolution"]),
      }),
    );
  });
  if (root.met_noise !== undefined && root.met_noise !== null) {
    const o = c.obj(root.met_noise, ["met_noise"]);
    c.keys(o, ["met_noise"], ["abs", "rel"]);
    reader.setMetNoise(c.num(o.abs, ["met_noise", "abs"], 0), c.num(o.rel, ["met_noise", "rel"], 0));
  }
  const ref = root.reference_benchmark === undefined || root.reference_benchmark === null ? null : c.str(root.reference_benchmark, ["reference_benchmark"]);
  return {
    output: root.output === undefined ? undefined : rel(c.str(root.output, ["output"])),
    shuffle: c.bool(root.shuffle, ["shuffle"], true),
    shuffleSeed: c.num(root.shuffle_seed, ["shuffle_seed"], 0),
    smearingSeed: c.num(root.smearing_seed, ["smearing_seed"], 0),
    referenceBenchmark: ref,
  };
}

export const lheCommand: Command = {
  name: "lhe",
  summary: "LHE files → MadMiner events file (observables, cuts, smearing, weights per benchmark)",
  help: HELP,
  async run(argv) {
    const values = parse("lhe", argv, {
      setup: { type: "string" },
      config: { type: "string" },
      output: { type: "string", short: "o" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
    }, false).values as { setup?: string; config?: string; output?: string; json?: boolean; quiet?: boolean; help?: boolean };
    if (values.help) {
      process.stdout.write(HELP + "\n");
      return 0;
    }
    const setupPath = required(values.setup, "setup", "lhe");
    const configPath = required(values.config, "config", "lhe");
    const reader = await LHEReader.fromFile(setupPath);
    const cfg = configureReader(reader, configPath);
    const output = values.output ? resolve(values.output) : cfg.output;
    if (!output) throw new InputError(`mm lhe: no output file: give -o events.h5 or 'output:' in ${configPath}`);
    // Expected number of events from the run cards (for the progress bar), when every header has it.
    let total = 0;
    for (const s of reader.sampleList) {
      const h = await readLHEHeader(s.file);
      if (h.nEventsRunCard === null) {
        total = 0;
        break;
      }
      total += h.nEventsRunCard;
    }
    const quiet = values.quiet === true || values.json === true;
    const bar = new ProgressBar("reading LHE", { total: total || undefined, unit: "events", quiet });
    const warnings: string[] = [];
    const t0 = Date.now();
    const reports = await reader.analyseSamples({
      seed: cfg.smearingSeed,
      referenceBenchmark: cfg.referenceBenchmark,
      onProgress: (ev) => bar.update(ev),
      onWarning: (m) => warnings.push(m),
    });
    const nRead = reports.reduce((a, r) => a + r.eventsRead, 0);
    bar.update(nRead);
    bar.done();
    const seconds = (Date.now() - t0) / 1000;
    let nEvents: number;
    try {
      nEvents = (await reader.save(output, { shuffle: cfg.shuffle, seed: cfg.shuffleSeed })).nEvents;
    } catch (err) {
      // The warnings explain a failed save (e.g. no event passed): show them before the error.
      if (!values.json) for (const w of warnings) process.stderr.write(yellow("warning: ") + w + "\n");
      throw err;
    }
    if (values.json) {
      printJson({ output, nEvents, eventsRead: nRead, seconds, benchmarks: reader.benchmarkNames, observables: reader.observableNames, samples: reports, warnings });
      return 0;
    }
    for (const w of warnings) process.stderr.write(yellow("warning: ") + w + "\n");
    printSummary(reader, reports, output, nEvents, nRead, seconds);
    return 0;
  },
};

function printSummary(reader: LHEReader, reports: SampleReport[], output: string, nEvents: number, nRead: number, seconds: number): void {
  const out = process.stdout;
  out.write(bold("Samples") + "\n");
  out.write(
    table(
      reports.map((r) => [relative(process.cwd(), r.file) || r.file, r.isBackground ? "(background)" : r.sampledFromBenchmark, r.eventsRead, r.eventsPassed, r.eventsWithNegativeWeights, r.eventNorm ?? "-"]),
      ["file", "sampled from", "read", "passed", "neg. weights", "event_norm"],
    ) + "\n\n",
  );
  reports.forEach((r, i) => {
    const other = Object.entries(r.otherWeights).map(([k, n]) => {
      const ids = r.otherWeightIds[k as keyof typeof r.otherWeightIds] ?? [];
      return `${n} ${k} (${ids.length <= 4 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")}, …`})`;
    });
    if (other.length) out.write(`sample ${i + 1}: weights not stored (not benchmarks): ${other.join(", ")}\n`);
  });
  out.write("\n" + bold("Cross sections of the kept events [pb]") + "\n");
  const header = ["benchmark", ...reports.map((_, i) => `sample ${i + 1}`)];
  out.write(table(reader.benchmarkNames.map((b, i) => [b, ...reports.map((r) => r.crossSections[i])]), header) + "\n\n");
  out.write(`${green("wrote")} ${output}: ${nEvents} events × ${reader.observableNames.length} observables × ${reader.benchmarkNames.length} benchmarks (${nRead} read in ${seconds.toFixed(2)} s, ${Math.round(nRead / Math.max(seconds, 1e-9))} events/s)\n`);
}
