// LHEReader: Python MadMiner's newer LHEReader, in camelCase. Reads the LHE
// files of a MadMiner setup, computes observables (safe expressions from
// @mm/expr or functions), applies cuts, efficiencies and smearing, maps the
// event weights to the setup's benchmarks and saves a MadMiner events file.
import { FormatError, InputError, RandomState } from "@mm/util";
import { compile, evaluateNumber, truthy, EvaluationError, type CompiledExpression } from "@mm/expr";
// @mm/hdf5 (h5wasm) is loaded only when a file is read or written, so that parsing alone starts fast.
import type { MadMinerSetup } from "@mm/hdf5";
import { readLHE } from "./lhe.js";
import type { LHEHeader } from "./lhe-header.js";
import { classifyWeight, type WeightKind } from "./weight-kinds.js";
import { Particle, PARTICLE_EXPR_TYPE } from "./particle.js";
import { buildObjects, OBJECT_NAMES, type EventObjects } from "./objects.js";
import { checkSmearingRule, smearParticle, type Resolution, type SmearingRule } from "./smearing.js";

/** Options of `LHEReader.addSample` (Python's `is_background`, `k_factor`). */
export interface SampleOptions {
  /** Background sample: the event's main weight is used for every benchmark. */
  isBackground?: boolean;
  /** Multiplies every weight of the sample. */
  kFactor?: number;
}

/** A sample added with `LHEReader.addSample`: the LHE file, the benchmark it was generated at and its options. */
export interface LHESample {
  file: string;
  sampledFromBenchmark: string;
  isBackground: boolean;
  kFactor: number;
}

/** Options of `LHEReader.addObservable` and `addObservableFromFunction` (Python's `required`, `default`). */
export interface ObservableOptions {
  /** An event where the observable cannot be computed is dropped (default false). */
  required?: boolean;
  /** Value when it cannot be computed and it is not required (default NaN). */
  default?: number | null;
}

/** A function observable receives all objects of the event (j, a, l, met, p, ...). */
export type ObservableFunction = (objects: EventObjects) => number;

interface Observable {
  name: string;
  definition: string | null;
  compiled: CompiledExpression | null;
  fn: ObservableFunction | null;
  required: boolean;
  default: number;
}

interface Cut {
  definition: string;
  compiled: CompiledExpression;
  /** When the cut cannot be evaluated: pass (not required) or fail (required). */
  required: boolean;
}

interface Efficiency {
  definition: string;
  compiled: CompiledExpression;
  /** Used when the efficiency cannot be evaluated. */
  valueIfNotDefined: number;
}

/**
 * Options of `LHEReader.setSmearing`: per quantity an [abs, rel] Gaussian resolution, σ = abs + rel·(true value)
 * (Python's `energy_resolution_abs`, `energy_resolution_rel`, ...).
 */
export interface SmearingOptions {
  /** [abs, rel] Gaussian resolution of the energy; null = derived from the on-shell condition. Default [0, 0]. */
  energyResolution?: Resolution;
  /** [abs, rel] of pt; null = derived from the on-shell condition (default). */
  ptResolution?: Resolution;
  /** [abs, rel] of eta (default [0, 0]: not smeared). */
  etaResolution?: Resolution;
  /** [abs, rel] of phi (default [0, 0]). */
  phiResolution?: Resolution;
}

/** What one sample gave. */
export interface SampleReport {
  file: string;
  sampledFromBenchmark: string;
  isBackground: boolean;
  eventsRead: number;
  eventsPassed: number;
  eventsWithNegativeWeights: number;
  /** "sum", "average", ... or null when the header has no run card. */
  eventNorm: string | null;
  /** Factor applied to the file's weights (k-factor × event_norm conversion). */
  weightFactor: number;
  /** Per cut (in order): events passing / failing. */
  cutsPassed: number[];
  cutsFailed: number[];
  efficienciesPassed: number[];
  efficienciesFailed: number[];
  /** Per observable: events where it could not be computed. */
  observablesUndefined: number[];
  /** Per observable: the message of the first evaluation that failed (null when it never failed). */
  observableErrors: (string | null)[];
  /** Sum of the kept weights per benchmark (pb), setup order. */
  crossSections: number[];
  /** Declared weights that are not benchmarks (not stored), counted by what their content says they are. */
  otherWeights: Partial<Record<WeightKind, number>>;
  /** The ids of those weights, by kind. */
  otherWeightIds: Partial<Record<WeightKind, string[]>>;
  warnings: string[];
}

/** Options of `LHEReader.analyseSamples` (Python's `analyse_samples`). */
export interface AnalyseOptions {
  /**
   * The benchmark flagged as reference in the saved file (`/benchmarks/is_reference`), as Python's
   * LHEReader does; default: the first benchmark that is not a nuisance benchmark. The weights do
   * not depend on it (it matters only for nuisance benchmarks, which are not filled yet).
   */
  referenceBenchmark?: string | null;
  /** Seed of the smearing and MET-noise stream (numpy RandomState-compatible). Default 0. */
  seed?: number;
  /** Progress callback: events read so far over all samples, and bytes read from disk. */
  onProgress?: (eventsRead: number, bytesRead: number, totalBytes: number) => void;
  /** Receives warnings (default: console.warn). */
  onWarning?: (message: string) => void;
}

/** Options of `LHEReader.save` (Python's `save(filename_out, shuffle=True)`). */
export interface SaveOptions {
  /** Shuffle the events with a seeded permutation (numpy RandomState(seed).permutation), default true. */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

class GrowableMatrix {
  data: Float64Array;
  rows = 0;
  constructor(readonly cols: number, capacity = 1024) {
    this.data = new Float64Array(Math.max(1, cols) * capacity);
  }
  pushRow(values: ArrayLike<number>): void {
    const need = (this.rows + 1) * this.cols;
    if (need > this.data.length) {
      const next = new Float64Array(Math.max(need, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    const off = this.rows * this.cols;
    for (let i = 0; i < this.cols; i++) this.data[off + i] = values[i];
    this.rows++;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.rows * this.cols);
  }
}

const IS_EVAL_ERROR = (err: unknown) => err instanceof EvaluationError;

/** The LHE reader of @mm. See the package README for the differences with Python MadMiner. */
export class LHEReader {
  readonly setup: MadMinerSetup;
  readonly benchmarkNames: string[];
  private readonly samples: LHESample[] = [];
  private observables: Observable[] = [];
  private cuts: Cut[] = [];
  private efficiencies: Efficiency[] = [];
  private smearing = new Map<number, SmearingRule>();
  private metNoise: { abs: number; rel: number } | null = null;
  private result: {
    observations: GrowableMatrix;
    weights: GrowableMatrix;
    sampling: number[];
    reports: SampleReport[];
    /** Name of the benchmark flagged is_reference in the saved file. */
    reference: string | null;
  } | null = null;

  /** Use `LHEReader.fromFile(setupPath)` to read the setup from a MadMiner file. */
  constructor(setup: MadMinerSetup) {
    this.setup = setup;
    this.benchmarkNames = setup.benchmarks.filter((b) => !b.isNuisance).map((b) => b.name);
    if (this.benchmarkNames.length === 0) throw new InputError("LHEReader: the setup has no benchmarks; define them (mm setup) before reading events");
    const nuisance = setup.benchmarks.filter((b) => b.isNuisance).map((b) => b.name);
    if (nuisance.length > 0 || (setup.systematics?.length ?? 0) > 0) {
      throw new InputError(
        `LHEReader: the setup defines systematics / nuisance benchmarks (${nuisance.join(", ") || setup.systematics!.map((s) => s.name).join(", ")}), ` +
          `which this reader does not fill yet; use a setup without systematics (the scale and PDF weights of the files are then ignored)`,
      );
    }
  }

  /** Reads the setup (parameters, benchmarks, morphing) from a MadMiner HDF5 file. */
  static async fromFile(setupPath: string): Promise<LHEReader> {
    const { readSetup } = await import("@mm/hdf5");
    return new LHEReader(await readSetup(setupPath));
  }

  /** Adds an LHE file (.lhe or .lhe.gz) generated at the benchmark `sampledFromBenchmark`. */
  addSample(file: string, sampledFromBenchmark: string, options: SampleOptions = {}): void {
    const isBackground = options.isBackground ?? false;
    if (!isBackground && !this.benchmarkNames.includes(sampledFromBenchmark)) {
      throw new InputError(`addSample('${file}'): sampled-from benchmark '${sampledFromBenchmark}' is not in the setup; the setup has ${this.benchmarkNames.join(", ")}`);
    }
    const kFactor = options.kFactor ?? 1;
    if (!Number.isFinite(kFactor)) throw new InputError(`addSample('${file}'): kFactor must be a finite number, got ${kFactor}`);
    this.samples.push({ file, sampledFromBenchmark, isBackground, kFactor });
    this.result = null;
  }

  get sampleList(): readonly LHESample[] {
    return this.samples;
  }

  /** Adds an observable defined by a Python-syntax expression such as `(j[0] + j[1]).m`. */
  addObservable(name: string, definition: string, options: ObservableOptions = {}): void {
    this.checkName(name);
    let compiled: CompiledExpression;
    try {
      compiled = compile(definition, { names: [...OBJECT_NAMES], objectTypes: [PARTICLE_EXPR_TYPE] });
    } catch (err) {
      throw new InputError(`observable '${name}': ${(err as Error).message}`, { cause: err });
    }
    this.observables.push({ name, definition, compiled, fn: null, required: options.required ?? false, default: options.default ?? Number.NaN });
    this.result = null;
  }

  /** Adds an observable computed by a function of the event's objects. Throwing inside the function means "not defined". */
  addObservableFromFunction(name: string, fn: ObservableFunction, options: ObservableOptions = {}): void {
    this.checkName(name);
    if (typeof fn !== "function") throw new InputError(`observable '${name}': addObservableFromFunction needs a function`);
    this.observables.push({ name, definition: null, compiled: null, fn, required: options.required ?? false, default: options.default ?? Number.NaN });
    this.result = null;
  }

  /**
   * Adds a standard set: for the leading leptons, photons and jets their E, pt, eta, phi (and lepton charge),
   * MET, the visible sum's E and eta, and the object counts. None is required; undefined ones are 0.
   */
  addDefaultObservables(options: { nLeptonsMax?: number; nPhotonsMax?: number; nJetsMax?: number; includeMet?: boolean; includeVisibleSum?: boolean; includeNumbers?: boolean; includeCharge?: boolean } = {}): void {
    const o = { nLeptonsMax: 2, nPhotonsMax: 2, nJetsMax: 2, includeMet: true, includeVisibleSum: true, includeNumbers: true, includeCharge: true, ...options };
    const opt = { required: false, default: 0 };
    if (o.includeMet) {
      this.addObservable("et_miss", "met.pt", opt);
      this.addObservable("phi_miss", "met.phi", opt);
    }
    if (o.includeVisibleSum) {
      this.addObservable("e_visible", "visible.e", opt);
      this.addObservable("eta_visible", "visible.eta", opt);
    }
    if (o.includeNumbers) {
      this.addObservable("n_leptons", "len(l)", opt);
      this.addObservable("n_photons", "len(a)", opt);
      this.addObservable("n_jets", "len(j)", opt);
    }
    const objs: [string, string, number, boolean][] = [
      ["l", "l", o.nLeptonsMax, o.includeCharge],
      ["a", "a", o.nPhotonsMax, false],
      ["j", "j", o.nJetsMax, false],
    ];
    for (const [coll, label, n, charge] of objs) {
      for (let i = 0; i < n; i++) {
        for (const v of ["e", "pt", "eta", "phi"]) this.addObservable(`${v}_${label}${i + 1}`, `${coll}[${i}].${v}`, opt);
        if (charge) this.addObservable(`charge_${label}${i + 1}`, `${coll}[${i}].charge`, opt);
      }
    }
  }

  /** Adds a cut (an expression that is true for kept events; it may use observable names). `required`: an event where it cannot be evaluated fails (default false: it passes). */
  addCut(definition: string, options: { required?: boolean } = {}): void {
    this.cuts.push({ definition, compiled: this.compileWithObservables(definition, "cut"), required: options.required ?? false });
    this.result = null;
  }

  /** Adds an efficiency: the event weight is multiplied by its value; ≤ 0 drops the event. */
  addEfficiency(definition: string, options: { valueIfNotDefined?: number } = {}): void {
    this.efficiencies.push({ definition, compiled: this.compileWithObservables(definition, "efficiency"), valueIfNotDefined: options.valueIfNotDefined ?? 1 });
    this.result = null;
  }

  resetObservables(): void {
    this.observables = [];
    this.result = null;
  }
  resetCuts(): void {
    this.cuts = [];
    this.result = null;
  }
  resetEfficiencies(): void {
    this.efficiencies = [];
    this.result = null;
  }

  /**
   * Gaussian smearing of the particles with these PDG ids. Energy or pt may be null (not both): it is then
   * derived from the on-shell condition. Particles without a rule are not smeared.
   */
  setSmearing(pdgIds: number[], options: SmearingOptions = {}): void {
    const rule: SmearingRule = {
      energy: options.energyResolution === undefined ? [0, 0] : options.energyResolution,
      pt: options.ptResolution === undefined ? null : options.ptResolution,
      eta: options.etaResolution === undefined ? [0, 0] : options.etaResolution,
      phi: options.phiResolution === undefined ? [0, 0] : options.phiResolution,
    };
    checkSmearingRule(rule, pdgIds);
    for (const id of pdgIds) {
      if (!Number.isInteger(id)) throw new InputError(`setSmearing: PDG ids must be integers, got ${id}`);
      this.smearing.set(id, rule);
    }
    this.result = null;
  }

  /** MET noise: Gaussian on MET x and y with std = abs + rel·HT. */
  setMetNoise(abs = 0, rel = 0): void {
    if (!Number.isFinite(abs) || !Number.isFinite(rel)) throw new InputError(`setMetNoise: abs and rel must be finite numbers`);
    this.metNoise = abs === 0 && rel === 0 ? null : { abs, rel };
    this.result = null;
  }

  get observableNames(): string[] {
    return this.observables.map((o) => o.name);
  }

  /** Reads every sample. Returns one report per sample. */
  async analyseSamples(options: AnalyseOptions = {}): Promise<SampleReport[]> {
    if (this.samples.length === 0) throw new InputError("analyseSamples: no samples; call addSample() first");
    if (this.observables.length === 0) throw new InputError("analyseSamples: no observables; call addObservable() (or addDefaultObservables()) first");
    if (options.referenceBenchmark != null && !this.benchmarkNames.includes(options.referenceBenchmark)) {
      throw new InputError(`analyseSamples: reference benchmark '${options.referenceBenchmark}' is not in the setup (${this.benchmarkNames.join(", ")})`);
    }
    const warn = options.onWarning ?? ((m: string) => console.warn(`[mm lhe] WARNING ${m}`));
    const rng = new RandomState(options.seed ?? 0);
    const normal = (loc: number, scale: number) => rng.normal(loc, scale);
    const observations = new GrowableMatrix(this.observables.length);
    const weights = new GrowableMatrix(this.benchmarkNames.length);
    const sampling: number[] = [];
    const reports: SampleReport[] = [];
    const { statSync } = await import("node:fs");
    let totalBytes = 0;
    for (const s of this.samples) {
      try {
        totalBytes += statSync(s.file).size;
      } catch {
        throw new InputError(`sample file not found: ${s.file}. Check the path (relative paths are resolved from the current folder).`);
      }
    }
    let bytesBefore = 0;
    let eventsBefore = 0;
    for (const sample of this.samples) {
      const report = await this.analyseOne(sample, observations, weights, sampling, normal, warn, (ev, bytes) => {
        options.onProgress?.(eventsBefore + ev, bytesBefore + bytes, totalBytes);
      });
      bytesBefore += statSync(sample.file).size;
      eventsBefore += report.eventsRead;
      reports.push(report);
    }
    const reference = options.referenceBenchmark ?? this.setup.benchmarks.find((b) => !b.isNuisance)?.name ?? null;
    this.result = { observations, weights, sampling, reports, reference };
    return reports;
  }

  /** Events kept so far: observations (n × O), weights (n × B, setup benchmark order), sampling benchmark per event (-1 background). */
  get events(): { nEvents: number; observations: Float64Array; weights: Float64Array; samplingBenchmarks: Int32Array } {
    const r = this.requireResult("events");
    return { nEvents: r.sampling.length, observations: r.observations.view(), weights: r.weights.view(), samplingBenchmarks: Int32Array.from(r.sampling) };
  }

  /** Writes the MadMiner events file (setup + observables + samples), atomically. */
  async save(path: string, options: SaveOptions = {}): Promise<{ nEvents: number }> {
    const r = this.requireResult("save");
    const n = r.sampling.length;
    if (n === 0) {
      const files = r.reports.map((rep) => rep.file).join(", ");
      // What rejected the events, once per distinct reason over all samples.
      const reasons = [...new Set(r.reports.flatMap((rep) => this.rejectionReasons(rep)))];
      throw new InputError(
        `no event of ${files} passed the required observables, cuts and efficiencies: there is nothing to save, and ${path} was not written.` +
          (reasons.length ? ` Rejected by: ${reasons.join("; ")}.` : "") +
          ` Check those definitions (a required observable that cannot be computed rejects the event; give it required: false and a default to keep such events).`,
      );
    }
    const O = this.observables.length;
    const B = this.benchmarkNames.length;
    let obs = r.observations.view();
    let w = r.weights.view();
    let sb = Int32Array.from(r.sampling);
    if ((options.shuffle ?? true) && n > 1) {
      const perm = new RandomState(options.seed ?? 0).permutation(n);
      const obs2 = new Float64Array(n * O);
      const w2 = new Float64Array(n * B);
      const sb2 = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = perm[i];
        obs2.set(obs.subarray(k * O, (k + 1) * O), i * O);
        w2.set(w.subarray(k * B, (k + 1) * B), i * B);
        sb2[i] = sb[k];
      }
      obs = obs2;
      w = w2;
      sb = sb2;
    }
    const { writeEvents } = await import("@mm/hdf5");
    const setup: MadMinerSetup = { ...this.setup, benchmarks: this.setup.benchmarks.map((b) => ({ ...b, isReference: b.name === r.reference })) };
    await writeEvents(path, setup, {
      observableNames: this.observables.map((o) => o.name),
      observableDefinitions: this.observables.map((o) => o.definition),
      observations: obs,
      weights: w,
      samplingBenchmarks: sb,
      nEvents: n,
    });
    return { nEvents: n };
  }

  /** What rejected every event of a sample: required observables never defined, cuts never passed. */
  private rejectionReasons(report: SampleReport): string[] {
    const reasons: string[] = [];
    this.observables.forEach((o, i) => {
      if (o.required && report.observablesUndefined[i] === report.eventsRead) {
        reasons.push(`required observable '${o.name}' (${o.fn ? "function" : `'${o.definition}'`}) is never defined${report.observableErrors[i] ? ` (${report.observableErrors[i]})` : ""}`);
      }
    });
    this.cuts.forEach((c, i) => {
      if (report.cutsPassed[i] === 0 && report.cutsFailed[i] > 0) reasons.push(`cut '${c.definition}' never passes`);
    });
    return reasons;
  }

  private requireResult(what: string) {
    if (!this.result) throw new InputError(`${what}: call analyseSamples() first (samples, observables, cuts or smearing changed since the last analysis)`);
    return this.result;
  }

  private checkName(name: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InputError(`observable name '${name}' must be an identifier (letters, digits, _), so that cuts can refer to it`);
    // A name equal to an event object (e.g. "met") is allowed, as in Python MadMiner: in cuts and
    // efficiencies it then means the observable's value.
    if (this.observables.some((o) => o.name === name)) throw new InputError(`observable '${name}' is defined twice`);
  }

  private compileWithObservables(definition: string, what: string): CompiledExpression {
    try {
      // Names are checked at analysis time (observables may be added after cuts).
      return compile(definition, {});
    } catch (err) {
      throw new InputError(`${what} '${definition}': ${(err as Error).message}`, { cause: err });
    }
  }

  private checkCutNames(): void {
    const allowed = new Set<string>([...OBJECT_NAMES, ...this.observables.map((o) => o.name)]);
    for (const c of [...this.cuts, ...this.efficiencies]) {
      const unknown = c.compiled.freeNames.filter((n) => !allowed.has(n));
      if (unknown.length) throw new InputError(`'${c.definition}' uses unknown name(s) ${unknown.join(", ")}; it may use the event objects (${OBJECT_NAMES.join(", ")}) and the observables (${this.observables.map((o) => o.name).join(", ")})`);
    }
  }

  private weightMapping(sample: LHESample, header: LHEHeader): { factor: number; norm: string | null; notes: string[] } {
    const notes: string[] = [];
    let factor = sample.kFactor;
    const norm = header.eventNorm;
    if (norm === null) {
      if (header.runCard === null) notes.push(`no MadGraph run card in the header: weights are taken as normalised so that they sum to the cross section (event_norm = sum)`);
      else notes.push(`the run card has no event_norm entry: weights are taken as event_norm = sum`);
    } else if (norm === "average") {
      if (header.nEventsRunCard === null || !(header.nEventsRunCard > 0)) {
        throw new FormatError(`event_norm = average, but the run card has no usable 'nevents' to divide by; fix the header or rescale the sample with kFactor and a run card with event_norm = sum`, sample.file);
      }
      factor /= header.nEventsRunCard;
    } else if (norm === "unity") {
      throw new FormatError(`event_norm = unity: the weights do not carry the cross section, so MadMiner cannot use them; regenerate with event_norm = sum or average`, sample.file);
    } else if (norm !== "sum" && norm !== "bias") {
      throw new FormatError(`unknown event_norm '${norm}' in the run card (expected sum, average or bias)`, sample.file);
    }
    // Weights must exist for every benchmark (signal), checked against the declared ids when there are any.
    if (!sample.isBackground && header.weights.length > 0) {
      const declared = new Set(header.weights.map((w) => w.id));
      const missing = this.benchmarkNames.filter((b) => b !== sample.sampledFromBenchmark && !declared.has(b));
      if (missing.length) {
        throw new InputError(
          `signal sample sampled from '${sample.sampledFromBenchmark}' lacks weights for benchmark(s) ${missing.join(", ")}: its <initrwgt> declares ${[...declared].join(", ")}. ` +
            `Regenerate it with a reweight card covering every benchmark, or add it with isBackground: true to use its nominal weight for all benchmarks.`,
          { file: sample.file },
        );
      }
    }
    return { factor, norm, notes };
  }

  /** Observables, cuts and efficiencies of one event; fills obsRow, scales wRow; returns whether it is kept. */
  private evaluateEvent(objects: EventObjects, obsRow: Float64Array, wRow: Float64Array, report: SampleReport): boolean {
    const observables = this.observables;
    const cuts = this.cuts;
    const effs = this.efficiencies;
    const O = observables.length;
    const B = wRow.length;
    const hasCuts = cuts.length > 0 || effs.length > 0;
    // Observables
    let pass = true;
    for (let i = 0; i < O; i++) {
      const o = observables[i];
      let value: number;
      try {
        value = o.compiled ? evaluateNumber(o.compiled, objects) : Number(o.fn!(objects));
      } catch (err) {
        if (o.compiled && !IS_EVAL_ERROR(err)) throw err;
        if (report.observablesUndefined[i]++ === 0) report.observableErrors[i] = err instanceof Error ? err.message : String(err);
        if (o.required) pass = false;
        value = o.default;
      }
      obsRow[i] = value;
    }
    if (pass && hasCuts) {
      for (let i = 0; i < O; i++) objects[observables[i].name] = obsRow[i];
      for (let c = 0; c < cuts.length; c++) {
        const cut = cuts[c];
        let ok: boolean;
        try {
          ok = truthy(cut.compiled.evaluate(objects));
        } catch (err) {
          if (!IS_EVAL_ERROR(err)) throw err;
          ok = !cut.required;
        }
        if (ok) report.cutsPassed[c]++;
        else {
          report.cutsFailed[c]++;
          pass = false;
        }
      }
      if (pass) {
        let eff = 1;
        for (let k = 0; k < effs.length; k++) {
          let v: number;
          try {
            v = evaluateNumber(effs[k].compiled, objects);
          } catch (err) {
            if (!IS_EVAL_ERROR(err)) throw err;
            v = effs[k].valueIfNotDefined;
          }
          if (v > 0) {
            report.efficienciesPassed[k]++;
            eff *= v;
          } else {
            report.efficienciesFailed[k]++;
            pass = false;
          }
        }
        if (pass && eff !== 1) for (let b = 0; b < B; b++) wRow[b] *= eff;
      }
    }
    return pass;
  }

  private async analyseOne(
    sample: LHESample,
    observations: GrowableMatrix,
    weights: GrowableMatrix,
    sampling: number[],
    normal: (loc: number, scale: number) => number,
    warn: (m: string) => void,
    progress: (eventsRead: number, bytes: number) => void,
  ): Promise<SampleReport> {
    this.checkCutNames();
    const B = this.benchmarkNames.length;
    const O = this.observables.length;
    const sampledIndex = sample.isBackground ? -1 : this.benchmarkNames.indexOf(sample.sampledFromBenchmark);
    const report: SampleReport = {
      file: sample.file,
      sampledFromBenchmark: sample.sampledFromBenchmark,
      isBackground: sample.isBackground,
      eventsRead: 0,
      eventsPassed: 0,
      eventsWithNegativeWeights: 0,
      eventNorm: null,
      weightFactor: sample.kFactor,
      cutsPassed: this.cuts.map(() => 0),
      cutsFailed: this.cuts.map(() => 0),
      efficienciesPassed: this.efficiencies.map(() => 0),
      efficienciesFailed: this.efficiencies.map(() => 0),
      observablesUndefined: this.observables.map(() => 0),
      observableErrors: this.observables.map(() => null),
      crossSections: new Array(B).fill(0),
      otherWeights: {},
      otherWeightIds: {},
      warnings: [],
    };
    const note = (m: string) => {
      report.warnings.push(m);
      warn(`${sample.file}: ${m}`);
    };
    let factor = 1;
    // Column of each benchmark in the event's named weights, resolved from the first event and re-checked by id.
    const needIds: string[] = this.benchmarkNames.map((b) => (sample.isBackground || b === sample.sampledFromBenchmark ? "" : b));
    const unknownIds = new Set<number>();
    const obsRow = new Float64Array(O);
    const wRow = new Float64Array(B);
    const smearing = this.smearing;
    const doSmear = smearing.size > 0;
    const metNoise = this.metNoise;
    const observables = this.observables;
    const cuts = this.cuts;
    const effs = this.efficiencies;
    const hasCuts = cuts.length > 0 || effs.length > 0;
    let weightIndex: Map<string, number> | null = null;
    let declaredIds: string[] = [];
    let firstLen = -1;

    await readLHE(sample.file, {
      onHeader: (header) => {
        const m = this.weightMapping(sample, header);
        factor = m.factor;
        report.eventNorm = m.norm;
        report.weightFactor = factor;
        for (const n of m.notes) note(n);
        declaredIds = header.weights.map((w) => w.id);
        const used = new Set(needIds);
        for (const w of header.weights) {
          if (sample.isBackground || !used.has(w.id)) {
            const k = classifyWeight(w).kind;
            report.otherWeights[k] = (report.otherWeights[k] ?? 0) + 1;
            (report.otherWeightIds[k] ??= []).push(w.id);
          }
        }
        for (const w of header.warnings) note(`header ${w}`);
      },
      onProgress: (ev, bytes) => progress(ev, bytes),
      onEvent: (ev) => {
        report.eventsRead++;
        // Weights
        let ids = ev.weightIds;
        let vals = ev.weightValues;
        if (ids.length === 0 && ev.unnamedWeights.length > 0 && ev.unnamedWeights.length === declaredIds.length) {
          ids = declaredIds;
          vals = ev.unnamedWeights;
        }
        if (weightIndex === null || ids.length !== firstLen || (ids.length > 0 && weightIndex.get(ids[0]) !== 0)) {
          weightIndex = new Map(ids.map((id, k) => [id, k]));
          firstLen = ids.length;
        }
        let negative = ev.weight < 0;
        for (let b = 0; b < B; b++) {
          const id = needIds[b];
          let v: number;
          if (id === "") v = ev.weight;
          else {
            let k = weightIndex.get(id);
            if (k === undefined || ids[k] !== id) {
              k = ids.indexOf(id);
              if (k < 0) {
                const missing = needIds.filter((x) => x !== "" && !ids.includes(x));
                throw new InputError(
                  `event ${ev.index + 1} (line ${ev.line}) of the signal sample sampled from '${sample.sampledFromBenchmark}' lacks weights for benchmark(s) ${missing.join(", ")}` +
                    (ids.length ? `; the event has <wgt> ids ${ids.join(", ")}` : `; the event has no <rwgt> weights`) +
                    `. Regenerate it with a reweight card covering every benchmark, or add it with isBackground: true.`,
                  { file: sample.file },
                );
              }
            }
            v = vals[k];
          }
          if (v < 0) negative = true;
          wRow[b] = v * factor;
        }
        if (negative) report.eventsWithNegativeWeights++;
        // Particles
        const truth: Particle[] = [];
        for (const p of ev.particles) {
          if (p.status !== 1) continue;
          truth.push(new Particle(p.px, p.py, p.pz, p.e, p.pdgId, undefined, p.spin));
        }
        let particles = truth;
        if (doSmear) {
          particles = new Array(truth.length);
          for (let i = 0; i < truth.length; i++) {
            const rule = smearing.get(truth[i].pdgId);
            particles[i] = rule ? smearParticle(truth[i], rule, normal) : truth[i];
          }
        }
        const objects = buildObjects(particles, {
          truth,
          metNoise,
          normal,
          global: { nParticles: ev.nParticles, scale: ev.scale, alphaQED: ev.alphaQED, alphaQCD: ev.alphaQCD },
          onUnknown: (id) => {
            if (!unknownIds.has(id)) {
              unknownIds.add(id);
              note(`particle with PDG id ${id} (event ${ev.index + 1}) is not a lepton, photon, jet or neutrino: it is ignored by the collections (treated as invisible)`);
            }
          },
        });
        // Expressions signal "not defined" by throwing EvaluationError (e.g. j[2] in a 2-jet event).
        // Stack traces are not needed for those and cost more than the evaluation itself: they are
        // switched off while evaluating, and an unexpected error is re-raised with its stack.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        let pass: boolean;
        try {
          pass = this.evaluateEvent(objects, obsRow, wRow, report);
        } catch (err) {
          Error.stackTraceLimit = limit;
          if (IS_EVAL_ERROR(err)) throw err;
          this.evaluateEvent(objects, obsRow, wRow, report); // same event again, with stack traces
          throw err;
        } finally {
          Error.stackTraceLimit = limit;
        }
        if (!pass) return;
        report.eventsPassed++;
        for (let b = 0; b < B; b++) report.crossSections[b] += wRow[b];
        observations.pushRow(obsRow);
        weights.pushRow(wRow);
        sampling.push(sampledIndex);
      },
    });
    if (report.eventsRead === 0) note(`the file contains no events`);
    else if (report.eventsPassed === 0) note(`all ${report.eventsRead} events fail the required observables, cuts or efficiencies: this file contributes no events${this.rejectionReasons(report).map((r, k) => (k === 0 ? ": " : "; ") + r).join("")}`);
    if (report.eventsWithNegativeWeights > 0) note(`${report.eventsWithNegativeWeights} of ${report.eventsRead} events have negative weights`);
    return report;
  }
}
