// The MadMiner setup (madminer.core.MadMiner, camelCase): parameters,
// benchmarks, the morphing basis, save and load.
import type { Benchmark, FiniteDifferences, MadMinerSetup, Parameter, Systematic } from "@mm/hdf5";
import { readSetup, writeSetup } from "@mm/hdf5";
import { Morpher } from "@mm/morphing";
import { InputError, NumericalError, RandomState } from "@mm/util";
import { validateTransform } from "./transform.js";
import { pythonFloatString } from "./pyformat.js";

/** Options of {@link MadMiner.addParameter} (Python's keyword arguments, camelCase). */
export interface AddParameterOptions {
  lhaBlock: string;
  lhaId: number;
  /** Default `parameter_<i>` (i = number of parameters so far), as Python. */
  parameterName?: string | null;
  /** Expression in `theta` for the param-card value, e.g. "16.52*theta". */
  paramCardTransform?: string | null;
  /** Max power in |M|^2 (default 2), or one per operator configuration. */
  morphingMaxPower?: number | number[];
  /** Range of interest (default (0, 1)); only used to draw random basis points. */
  parameterRange?: [number, number];
}

/** Python's tuple forms for setParameters values: (block, id) or (block, id, maxPower, min, max). */
export type ParameterTuple = [string, number] | [string, number, number | number[], number, number];

/** Options of {@link MadMiner.setMorphing}. */
export interface SetMorphingOptions {
  /** Max sum of powers (default 4), or one per operator configuration. */
  maxOverallPower?: number | number[];
  /** Number of bases (default 1). */
  nBases?: number;
  /** Keep the existing benchmarks in the basis (default true). */
  includeExistingBenchmarks?: boolean;
  /** Random bases tried (default 100). */
  nTrials?: number;
  /** Test thetas per trial (default 100). */
  nTestThetas?: number;
  /** Seed: the same stream as `np.random.seed(seed)` in Python (default 0). */
  seed?: number;
  /** Or a generator to continue. */
  rng?: RandomState;
}

interface ParameterRecord extends Parameter {
  maxPowerSpec: number | number[];
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkFiniteNumber(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new InputError(`${what} must be a finite number, got ${JSON.stringify(x)}`);
  return x;
}

/**
 * The MadMiner setup. Typical use:
 * ```ts
 * const mm = new MadMiner();
 * mm.addParameter({ lhaBlock: "dim6", lhaId: 2, parameterName: "CWL2", morphingMaxPower: 2, parameterRange: [-20, 20], paramCardTransform: "16.52*theta" });
 * mm.addBenchmark({ CWL2: 0 }, "sm");
 * mm.setMorphing({ maxOverallPower: 2, seed: 2024 });
 * await mm.save("setup.h5");
 * ```
 */
export class MadMiner {
  private params: ParameterRecord[] = [];
  private bench: Benchmark[] = [];
  private morph: Morpher | null = null;
  private exportMorphing = false;
  private syst: Systematic[] = [];
  private fd: FiniteDifferences | null = null;
  /** Where warnings go (default: process.emitWarning). */
  onWarning: (message: string) => void = (m) => process.emitWarning(m, { code: "MM_CORE" });

  /** The parameters, in theta order (copies). */
  get parameters(): Parameter[] {
    return this.params.map(({ maxPowerSpec: _m, ...p }) => ({ ...p, range: [p.range[0], p.range[1]] as [number, number] }));
  }

  /** The benchmarks, in file order (copies). */
  get benchmarks(): Benchmark[] {
    return this.bench.map((b) => ({ ...b, values: [...b.values] }));
  }

  /** The morphing setup, or null when there is none. */
  get morpher(): Morpher | null {
    return this.morph;
  }

  /** The name of the reference benchmark (the first one unless a file says otherwise), or null. */
  get defaultBenchmark(): string | null {
    return this.bench.find((b) => b.isReference)?.name ?? this.bench[0]?.name ?? null;
  }

  /** Adds a parameter (Python's add_parameter). Resets benchmarks and morphing, as Python does. */
  addParameter(options: AddParameterOptions): void;
  addParameter(lhaBlock: string, lhaId: number, options?: Omit<AddParameterOptions, "lhaBlock" | "lhaId">): void;
  addParameter(a: AddParameterOptions | string, lhaId?: number, rest: Omit<AddParameterOptions, "lhaBlock" | "lhaId"> = {}): void {
    const o: AddParameterOptions = typeof a === "string" ? { lhaBlock: a, lhaId: lhaId as number, ...rest } : a;
    // As Python: spaces and dashes become underscores.
    const name = typeof o.parameterName === "string" ? o.parameterName.replace(/[ -]/g, "_") : `parameter_${this.params.length}`;
    if (!NAME_RE.test(name)) {
      throw new InputError(`addParameter: parameter name '${name}' must start with a letter or _ and contain only letters, digits and _`);
    }
    if (this.params.some((p) => p.name === name)) throw new InputError(`addParameter: a parameter named '${name}' already exists`);
    if (typeof o.lhaBlock !== "string" || o.lhaBlock.trim() === "") throw new InputError(`addParameter '${name}': lhaBlock must be a non-empty string such as "dim6"`);
    if (!Number.isInteger(o.lhaId)) throw new InputError(`addParameter '${name}': lhaId must be an integer, got ${JSON.stringify(o.lhaId)}`);
    const mp = o.morphingMaxPower ?? 2;
    const powers = Array.isArray(mp) ? mp : [mp];
    if (powers.length === 0 || powers.some((x) => !Number.isInteger(x) || x < 0)) {
      throw new InputError(`addParameter '${name}': morphingMaxPower must be a non-negative integer or a list of them, got ${JSON.stringify(mp)}`);
    }
    const range = o.parameterRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2) throw new InputError(`addParameter '${name}': parameterRange must be (min, max), got ${JSON.stringify(range)}`);
    checkFiniteNumber(range[0], `addParameter '${name}': parameterRange min`);
    checkFiniteNumber(range[1], `addParameter '${name}': parameterRange max`);
    if (!(range[0] < range[1])) throw new InputError(`addParameter '${name}': parameterRange min (${range[0]}) must be below max (${range[1]})`);
    const transform = o.paramCardTransform ?? null;
    if (transform !== null) validateTransform(transform, name);

    const record: ParameterRecord = {
      name,
      lhaBlock: o.lhaBlock,
      lhaId: o.lhaId,
      maxPower: Math.max(...powers),
      range: [range[0], range[1]],
      transform,
      maxPowerSpec: Array.isArray(mp) ? [...mp] : mp,
      ...(Array.isArray(mp) && mp.length > 1 ? { maxPowers: [...mp] } : {}),
    };
    if (this.bench.length > 0 || this.morph) this.onWarning("addParameter: resetting benchmarks and morphing (they depend on the parameter list)");
    this.params.push(record);
    this.bench = [];
    this.morph = null;
    this.exportMorphing = false;
  }

  /**
   * Sets all parameters (Python's set_parameters): a name → tuple map with
   * (block, id) or (block, id, maxPower, min, max); a list of (block, id)
   * tuples (default names); a list of option objects; or nothing to reset.
   */
  setParameters(parameters?: Record<string, ParameterTuple> | ParameterTuple[] | AddParameterOptions[] | null): void {
    this.params = [];
    this.bench = [];
    this.morph = null;
    this.exportMorphing = false;
    if (parameters == null) return;
    const fromTuple = (t: ParameterTuple, name: string | null, where: string) => {
      if (!Array.isArray(t) || (t.length !== 2 && t.length !== 5)) {
        throw new InputError(`setParameters ${where}: expected (lhaBlock, lhaId) or (lhaBlock, lhaId, maxPower, min, max), got ${JSON.stringify(t)}`);
      }
      if (t.length === 2) this.addParameter({ lhaBlock: t[0], lhaId: t[1], parameterName: name });
      else this.addParameter({ lhaBlock: t[0], lhaId: t[1], parameterName: name, morphingMaxPower: t[2], parameterRange: [t[3], t[4]] });
    };
    if (Array.isArray(parameters)) {
      parameters.forEach((p, i) => {
        if (Array.isArray(p)) fromTuple(p as ParameterTuple, null, `entry ${i}`);
        else this.addParameter(p as AddParameterOptions);
      });
    } else {
      for (const [name, t] of Object.entries(parameters)) fromTuple(t, name, `'${name}'`);
    }
  }

  private valuesFrom(values: Record<string, number> | number[], where: string): number[] {
    if (this.params.length === 0) throw new InputError(`${where}: define the parameters first (addParameter)`);
    if (Array.isArray(values)) {
      if (values.length !== this.params.length) {
        throw new InputError(`${where}: ${values.length} values given, expected ${this.params.length} (${this.params.map((p) => p.name).join(", ")})`);
      }
      return values.map((v, i) => checkFiniteNumber(v, `${where}: value of '${this.params[i]!.name}'`));
    }
    if (typeof values !== "object" || values === null) throw new InputError(`${where}: parameter values must be a {name: value} map`);
    for (const k of Object.keys(values)) {
      if (!this.params.some((p) => p.name === k)) {
        throw new InputError(`${where}: unknown parameter '${k}' (parameters: ${this.params.map((p) => p.name).join(", ")})`);
      }
    }
    return this.params.map((p) => {
      if (!(p.name in values)) throw new InputError(`${where}: no value for parameter '${p.name}'`);
      return checkFiniteNumber(values[p.name], `${where}: value of '${p.name}'`);
    });
  }

  /** Adds one benchmark (Python's add_benchmark); default name `benchmark_<i>`. Resets the morphing. */
  addBenchmark(parameterValues: Record<string, number> | number[], benchmarkName?: string | null): void {
    const name = benchmarkName ?? `benchmark_${this.bench.length}`;
    if (typeof name !== "string" || name === "") throw new InputError(`addBenchmark: benchmark name must be a non-empty string`);
    if (this.bench.some((b) => b.name === name)) throw new InputError(`addBenchmark: a benchmark named '${name}' already exists`);
    const values = this.valuesFrom(parameterValues, `addBenchmark '${name}'`);
    if (this.morph) this.onWarning("addBenchmark: the morphing setup is reset; call setMorphing again after adding benchmarks");
    this.bench.push({ name, values, isNuisance: false, isReference: false });
    this.morph = null;
    this.exportMorphing = false;
  }

  /** Sets all benchmarks (Python's set_benchmarks): a name → values map, a list of value maps (default names), or nothing. */
  setBenchmarks(benchmarks?: Record<string, Record<string, number> | number[]> | (Record<string, number> | number[])[] | null): void {
    const old = this.bench;
    this.bench = [];
    this.morph = null;
    this.exportMorphing = false;
    if (benchmarks == null) return;
    try {
      if (Array.isArray(benchmarks)) benchmarks.forEach((v) => this.addBenchmark(v));
      else for (const [name, v] of Object.entries(benchmarks)) this.addBenchmark(v, name);
    } catch (err) {
      this.bench = old;
      throw err;
    }
  }

  /**
   * Sets up morphing (Python's set_morphing / set_benchmarks_from_morphing):
   * finds the components, completes the basis with optimised random points
   * named `morphing_basis_vector_<i>` (i = position in the benchmark list),
   * keeping the existing benchmarks first when includeExistingBenchmarks.
   * With the same seed it reproduces Python's `np.random.seed(seed); set_morphing(...)`.
   */
  setMorphing(options: SetMorphingOptions = {}): void {
    if (this.params.length === 0) throw new InputError("setMorphing: define the parameters first (addParameter)");
    const morpher = new Morpher({
      parameters: this.params.map((p) => ({ name: p.name, maxPower: p.maxPowerSpec, range: p.range })),
      onWarning: this.onWarning,
    });
    const components = morpher.findComponents(options.maxOverallPower ?? 4);
    const nBases = options.nBases ?? 1;
    const include = options.includeExistingBenchmarks ?? true;
    const physical = this.bench.filter((b) => !b.isNuisance);
    if (include && physical.length > components.length * nBases) {
      throw new InputError(
        `setMorphing: ${physical.length} benchmarks exist but the morphing basis has only ${components.length * nBases} points ` +
          `(${components.length} components × ${nBases} bases); remove benchmarks, raise maxOverallPower or nBases, or use includeExistingBenchmarks: false`,
      );
    }
    let result: { names: string[]; basis: number[][] };
    try {
      result = morpher.optimizeBasis({
        nBases,
        ...(include && physical.length > 0 ? { fixedBenchmarksFromDict: physical.map((b) => ({ name: b.name, values: b.values })) } : {}),
        nTrials: options.nTrials ?? 100,
        nTestThetas: options.nTestThetas ?? 100,
        ...(options.rng ? { rng: options.rng } : { seed: options.seed ?? 0 }),
      });
    } catch (err) {
      if (err instanceof NumericalError) {
        throw new NumericalError(`setMorphing: the morphing basis cannot be inverted (${err.message}); move the fixed benchmarks apart or drop one`, { cause: err });
      }
      throw err;
    }
    const basis = result.names.map((name, i) => ({ name, values: result.basis[i]!, isNuisance: false, isReference: false }));
    // include: the existing benchmarks are the front of the basis (nuisance ones stay after it);
    // otherwise, as Python's basis.update(existing), they follow the basis.
    const rest = include ? this.bench.filter((b) => b.isNuisance) : this.bench;
    const clash = rest.find((b) => basis.some((x) => x.name === b.name));
    if (clash) throw new InputError(`setMorphing: an existing benchmark is named '${clash.name}', as a new basis point; rename it`);
    this.bench = [...basis, ...rest];
    this.morph = morpher;
    this.exportMorphing = true;
  }

  /** Python's older name for {@link setMorphing} (keepExistingBenchmarks = includeExistingBenchmarks). */
  setBenchmarksFromMorphing(options: SetMorphingOptions & { keepExistingBenchmarks?: boolean } = {}): void {
    const { keepExistingBenchmarks, ...rest } = options;
    this.setMorphing({ ...rest, includeExistingBenchmarks: rest.includeExistingBenchmarks ?? keepExistingBenchmarks ?? true });
  }

  /** The systematics (copies). */
  get systematics(): Systematic[] {
    return this.syst.map((x) => ({ ...x }));
  }

  /** The finite-difference benchmarks, or null. */
  get finiteDifferenceBenchmarks(): FiniteDifferences | null {
    return this.fd;
  }

  /**
   * Adds a systematic uncertainty (Python's add_systematics): "norm" (relative
   * effect normVariation at +1 sigma), "scale" (scale "mu" | "mur" | "muf" varied
   * by scaleVariations) or "pdf" (a MadGraph systematics PDF set). Stored as
   * Python stores it: value "1.1", "0.5,1.0,2.0" or "CT10"; scale only for "scale".
   */
  addSystematics(
    effect: "norm" | "scale" | "pdf",
    options: { systematicName?: string; normVariation?: number; scale?: "mu" | "mur" | "muf"; scaleVariations?: number[]; pdfVariation?: string } = {},
  ): void {
    if (!["norm", "scale", "pdf"].includes(effect)) throw new InputError(`addSystematics: effect must be "norm", "scale" or "pdf", got ${JSON.stringify(effect)}`);
    const scale = options.scale ?? "mu";
    if (!["mu", "mur", "muf"].includes(scale)) throw new InputError(`addSystematics: scale must be "mu", "mur" or "muf", got ${JSON.stringify(scale)}`);
    let name = options.systematicName;
    if (name == null) {
      let i = 0;
      while (this.syst.some((x) => x.name === `${effect}_${i}`)) i++;
      name = `${effect}_${i}`;
    }
    name = name.replace(/[ -]/g, "_");
    let entry: Systematic;
    if (effect === "pdf") {
      entry = { name, type: "pdf", value: options.pdfVariation ?? "CT10", scale: null };
    } else if (effect === "scale") {
      const factors = options.scaleVariations ?? [0.5, 1.0, 2.0];
      factors.forEach((f) => checkFiniteNumber(f, "addSystematics: scaleVariations entry"));
      entry = { name, type: "scale", value: factors.map(pythonFloatString).join(","), scale };
    } else {
      entry = { name, type: "norm", value: pythonFloatString(checkFiniteNumber(options.normVariation ?? 1.1, "addSystematics: normVariation")), scale: null };
    }
    const at = this.syst.findIndex((x) => x.name === name);
    if (at >= 0) this.syst[at] = entry;
    else this.syst.push(entry);
  }

  /**
   * Adds, for every benchmark b and parameter p, the benchmark `<b>_plus_<p>`
   * shifted by epsilon in p, so that the score can be computed from finite
   * differences (Python's finite_differences). Add no benchmarks or parameters afterwards.
   */
  finiteDifferences(epsilon = 0.01): void {
    checkFiniteNumber(epsilon, "finiteDifferences: epsilon");
    const base = this.bench.filter((b) => !b.isNuisance).map((b) => ({ name: b.name, values: [...b.values] }));
    const rows: string[][] = [];
    const morph = this.morph;
    const exported = this.exportMorphing;
    this.morph = null; // no "morphing reset" warning from addBenchmark: it is restored below
    for (const b of base) {
      const row: string[] = [];
      this.params.forEach((p, i) => {
        const values = [...b.values];
        values[i]! += epsilon;
        const name = `${b.name}_plus_${p.name}`;
        this.addBenchmark(values, name);
        row.push(name);
      });
      rows.push(row);
    }
    // Python keeps the morphing setup when benchmarks are added here.
    this.morph = morph;
    this.exportMorphing = exported;
    this.fd = { baseBenchmarks: base.map((b) => b.name), shiftedBenchmarks: rows, epsilon };
  }

  /** The setup as @mm/hdf5 writes it (is_reference all 0, as MadMiner.save()). */
  toSetup(): MadMinerSetup {
    if (this.params.length === 0) throw new InputError("MadMiner: no parameters defined");
    let morphing: MadMinerSetup["morphing"] = null;
    if (this.exportMorphing && this.morph && this.morph.components && this.morph.morphingMatrix) {
      morphing = { components: this.morph.components.map((c) => [...c]), matrix: Float64Array.from(this.morph.morphingMatrix) };
    }
    return {
      parameters: this.parameters,
      benchmarks: this.bench.map((b) => ({ ...b, values: [...b.values], isReference: false })),
      morphing,
      ...(this.syst.length > 0 ? { systematics: this.syst.map((x) => ({ ...x })) } : {}),
      ...(this.fd && this.fd.baseBenchmarks.length > 0 ? { finiteDifferences: this.fd } : {}),
    };
  }

  /** Saves the setup (parameters, benchmarks, morphing) to an HDF5 file, atomically. */
  async save(path: string): Promise<void> {
    if (this.bench.length === 0) throw new InputError(`MadMiner.save(${path}): no benchmarks defined (addBenchmark or setMorphing first)`);
    await writeSetup(path, this.toSetup());
  }

  /** Loads a setup from a MadMiner file (overwriting everything); disableMorphing skips the morphing setup. */
  async load(path: string, options: { disableMorphing?: boolean } = {}): Promise<void> {
    this.loadSetup(await readSetup(path), options);
  }

  /** Like {@link load}, from an in-memory setup. */
  loadSetup(setup: MadMinerSetup, options: { disableMorphing?: boolean } = {}): void {
    this.params = setup.parameters.map((p) => ({
      ...p,
      range: [p.range[0], p.range[1]] as [number, number],
      maxPowerSpec: p.maxPowers && p.maxPowers.length > 1 ? [...p.maxPowers] : p.maxPower,
    }));
    // As Python's load: nuisance benchmarks (and nuisance parameters) are not part of the setup.
    this.bench = setup.benchmarks.filter((b) => !b.isNuisance).map((b) => ({ ...b, values: [...b.values] }));
    this.syst = (setup.systematics ?? []).map((x) => ({ ...x }));
    this.fd = setup.finiteDifferences ?? null;
    this.morph = null;
    this.exportMorphing = false;
    if (setup.morphing && !options.disableMorphing) {
      const morpher = new Morpher({
        parameters: this.params.map((p) => ({ name: p.name, maxPower: p.maxPowerSpec, range: p.range })),
        onWarning: this.onWarning,
      });
      morpher.setComponents(setup.morphing.components);
      const C = setup.morphing.components.length;
      const nCols = C === 0 ? 0 : setup.morphing.matrix.length / C;
      const basis = this.bench.filter((b) => !b.isNuisance).slice(0, nCols);
      morpher.setBasis(
        basis.map((b) => ({ name: b.name, values: b.values })),
        { morphingMatrix: setup.morphing.matrix, nBases: Math.max(1, Math.round(nCols / Math.max(1, C))) },
      );
      this.morph = morpher;
      this.exportMorphing = true;
    }
  }

  /** Creates a MadMiner from a file (convenience for `new MadMiner(); await mm.load(path)`). */
  static async fromFile(path: string, options: { disableMorphing?: boolean } = {}): Promise<MadMiner> {
    const mm = new MadMiner();
    await mm.load(path, options);
    return mm;
  }
}
