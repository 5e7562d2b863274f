// The MadMiner-shaped Morpher: a thin stateful wrapper over the pure
// functions (components, basis, matrix, weights, gradients, optimisation).
import { InputError, RandomState } from "@mm/util";
import { findComponents, findCouplingComponents, type CouplingCounts } from "./components.js";
import { morphingMatrix, type WarningHandler } from "./matrix.js";
import { evaluateMorphing, optimizeBasis, type MorphingEvaluation } from "./optimize.js";
import { MorphingKernel } from "./weights.js";

/** A parameter as MadMiner (and @mm/hdf5) describe it; only these fields are used. */
export interface MorphingParameter {
  name: string;
  maxPower: number | readonly number[];
  range: readonly [number, number] | readonly number[];
}

/** A benchmark record: a name and the parameter values, as a list (parameter order) or a name → value map. */
export interface BenchmarkLike {
  name: string;
  values: readonly number[] | Readonly<Record<string, number>>;
}

/** Any of the ways to give basis points. */
export type BasisInput = readonly (readonly number[])[] | readonly BenchmarkLike[] | Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Constructor options: MadMiner parameters, or plain max powers and ranges. */
export interface MorpherOptions {
  parameters?: readonly MorphingParameter[];
  parameterMaxPower?: readonly (number | readonly number[])[];
  parameterRange?: readonly (readonly number[])[];
  /** Where ill-conditioning warnings go (default process.emitWarning). */
  onWarning?: WarningHandler;
}

/** Options of {@link Morpher.optimizeBasis}. */
export interface MorpherOptimizeOptions {
  nBases?: number;
  /** Fixed benchmarks as MadMiner records (kept first, names kept). */
  fixedBenchmarksFromDict?: BasisInput;
  /** Fixed benchmarks as plain points (n × P). */
  fixedBenchmarks?: readonly (readonly number[])[];
  nTrials?: number;
  nTestThetas?: number;
  seed?: number;
  rng?: RandomState;
}

/**
 * MadMiner's Morpher (camelCase API). Typical use: `findComponents`, then
 * `setBasis` or `optimizeBasis`, then `calculateMorphingWeights(theta)`.
 */
export class Morpher {
  readonly parameterNames: string[] | null;
  readonly parameterMaxPower: (number | readonly number[])[];
  readonly parameterRange: number[][];
  components: number[][] | null = null;
  basis: number[][] | null = null;
  basisNames: string[] | null = null;
  morphingMatrix: Float64Array | null = null;
  nBases = 1;
  private readonly onWarning?: WarningHandler;
  private kernel: MorphingKernel | null = null;
  private kernelMatrix: ArrayLike<number> | null = null;
  private kernelComponents: number[][] | null = null;

  constructor(options: MorpherOptions) {
    this.onWarning = options.onWarning;
    if (options.parameters) {
      this.parameterNames = options.parameters.map((p) => p.name);
      this.parameterMaxPower = options.parameters.map((p) => p.maxPower);
      this.parameterRange = options.parameters.map((p) => [p.range[0], p.range[1]]);
    } else {
      if (!options.parameterMaxPower) throw new InputError("Morpher: give either parameters or parameterMaxPower");
      this.parameterNames = null;
      this.parameterMaxPower = [...options.parameterMaxPower];
      this.parameterRange = (options.parameterRange ?? options.parameterMaxPower.map(() => [-1, 1])).map((r) => [r[0], r[1]]);
      if (this.parameterRange.length !== this.parameterMaxPower.length) {
        throw new InputError(`Morpher: ${this.parameterRange.length} ranges for ${this.parameterMaxPower.length} parameters`);
      }
    }
  }

  get nParameters(): number {
    return this.parameterMaxPower.length;
  }

  get nComponents(): number {
    return this.components?.length ?? 0;
  }

  /**
   * Finds the components from the parameters' max powers and an overall
   * bound (or one bound per configuration); default 4, as MadMiner.
   */
  findComponents(maxOverallPower: number | readonly number[] = 4): number[][] {
    this.components = findComponents(this.parameterMaxPower, maxOverallPower);
    return this.components;
  }

  /** Finds the components from production/decay/shared coupling counts (MadMiner's Np/Nd/Ns path). */
  findCouplingComponents(counts: CouplingCounts): number[][] {
    this.components = findCouplingComponents(counts);
    return this.components;
  }

  /** Sets the components by hand (n_components × n_parameters exponents). */
  setComponents(components: readonly (readonly number[])[]): void {
    this.components = components.map((c) => [...c]);
  }

  /** Sets the basis (and computes its morphing matrix unless one is given). */
  setBasis(basis: BasisInput, options: { morphingMatrix?: ArrayLike<number>; nBases?: number } = {}): void {
    const { points, names } = this.toPoints(basis);
    this.basis = points;
    this.basisNames = names;
    this.nBases = options.nBases ?? 1;
    this.morphingMatrix = options.morphingMatrix ? Float64Array.from(options.morphingMatrix) : this.calculateMorphingMatrix();
  }

  /** The morphing matrix of a basis (default: the current basis), n_components × n_benchmarks. */
  calculateMorphingMatrix(basis?: BasisInput, options: { nBases?: number } = {}): Float64Array {
    const pts = basis ? this.toPoints(basis).points : this.requireBasis();
    return morphingMatrix(this.requireComponents(), pts, { nBases: options.nBases ?? this.nBases, onWarning: this.onWarning });
  }

  /** Morphing weights at theta (length n_benchmarks). */
  calculateMorphingWeights(theta: ArrayLike<number>, basis?: BasisInput, matrix?: ArrayLike<number>): Float64Array {
    return this.kernelFor(basis, matrix).weights(this.checkTheta(theta));
  }

  /** Morphing weights for many thetas (n × P row-major in, n × n_benchmarks out), with the current basis. */
  calculateMorphingWeightsBatch(thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
    return this.kernelFor().weightsBatch(thetas, nThetas, out);
  }

  /** Weight gradients for many thetas (n × P × n_benchmarks out), with the current basis. */
  calculateMorphingWeightGradientsBatch(thetas: ArrayLike<number>, nThetas: number, out?: Float64Array): Float64Array {
    return this.kernelFor().gradientsBatch(thetas, nThetas, out);
  }

  /** Gradient of the morphing weights at theta (n_parameters × n_benchmarks row-major). */
  calculateMorphingWeightGradient(theta: ArrayLike<number>, basis?: BasisInput, matrix?: ArrayLike<number>): Float64Array {
    return this.kernelFor(basis, matrix).gradients(this.checkTheta(theta));
  }

  /** -E[sum_b w_b^2] over nTestThetas random thetas (default 100), with the per-theta values. */
  evaluateMorphing(options: { basis?: BasisInput; matrix?: ArrayLike<number>; nTestThetas?: number; seed?: number; rng?: RandomState } = {}): MorphingEvaluation {
    const comps = this.requireComponents();
    const rng = options.rng ?? new RandomState(options.seed ?? 0);
    return evaluateMorphing(this.matrixFor(options.basis, options.matrix), comps, this.parameterRange, options.nTestThetas ?? 100, rng);
  }

  /**
   * Optimises the basis (MadMiner's `optimize_basis`) and makes it the current
   * basis. New points are named `morphing_basis_vector_<index>`.
   * @returns the basis as name → point
   */
  optimizeBasis(options: MorpherOptimizeOptions = {}): { names: string[]; basis: number[][] } {
    let fixed: number[][] = [];
    let fixedNames: string[] = [];
    if (options.fixedBenchmarksFromDict) {
      const r = this.toPoints(options.fixedBenchmarksFromDict);
      fixed = r.points;
      fixedNames = r.names ?? fixed.map((_, i) => `benchmark_${i}`);
    } else if (options.fixedBenchmarks) {
      fixed = options.fixedBenchmarks.map((b) => [...b]);
      fixedNames = fixed.map((_, i) => `benchmark_${i}`);
    }
    const nBases = options.nBases ?? 1;
    const res = optimizeBasis(this.requireComponents(), {
      ranges: this.parameterRange,
      fixedBenchmarks: fixed,
      nBases,
      nTrials: options.nTrials,
      nTestThetas: options.nTestThetas,
      seed: options.seed,
      rng: options.rng,
      onWarning: this.onWarning,
    });
    const names = res.basis.map((_, i) => (i < fixedNames.length ? fixedNames[i] : `morphing_basis_vector_${i}`));
    this.basis = res.basis;
    this.basisNames = names;
    this.nBases = nBases;
    this.morphingMatrix = res.matrix;
    return { names, basis: res.basis };
  }

  private requireComponents(): number[][] {
    if (!this.components || this.components.length === 0) throw new InputError("Morpher: no components defined; call findComponents() or setComponents() first");
    return this.components;
  }

  private requireBasis(): number[][] {
    if (!this.basis) throw new InputError("Morpher: no basis defined; call setBasis() or optimizeBasis() first, or pass a basis");
    return this.basis;
  }

  /** The prepared kernel: cached for the current basis, fresh for an explicit basis or matrix. */
  private kernelFor(basis?: BasisInput, matrix?: ArrayLike<number>): MorphingKernel {
    const comps = this.requireComponents();
    if (basis || matrix) return new MorphingKernel(this.matrixFor(basis, matrix), comps);
    const m = this.matrixFor();
    if (!this.kernel || this.kernelMatrix !== m || this.kernelComponents !== comps) {
      this.kernel = new MorphingKernel(m, comps);
      this.kernelMatrix = m;
      this.kernelComponents = comps;
    }
    return this.kernel;
  }

  private matrixFor(basis?: BasisInput, matrix?: ArrayLike<number>): ArrayLike<number> {
    if (matrix) return matrix;
    if (basis) return this.calculateMorphingMatrix(basis);
    if (this.morphingMatrix) return this.morphingMatrix;
    return this.calculateMorphingMatrix();
  }

  private checkTheta(theta: ArrayLike<number>): ArrayLike<number> {
    if (theta.length !== this.nParameters) throw new InputError(`theta has ${theta.length} values but the morpher has ${this.nParameters} parameters`);
    return theta;
  }

  private toPoints(basis: BasisInput): { points: number[][]; names: string[] | null } {
    const valuesOf = (vals: readonly number[] | Readonly<Record<string, number>>, what: string): number[] => {
      if (Array.isArray(vals)) return [...(vals as readonly number[])];
      if (!this.parameterNames) throw new InputError(`Morpher: benchmark ${what} is given by parameter name but the morpher has no parameter names`);
      const rec = vals as Readonly<Record<string, number>>;
      return this.parameterNames.map((n) => {
        if (!(n in rec)) throw new InputError(`Morpher: benchmark ${what} has no value for parameter "${n}"`);
        return rec[n];
      });
    };
    let points: number[][];
    let names: string[] | null = null;
    if (Array.isArray(basis)) {
      if (basis.length > 0 && !Array.isArray(basis[0]) && typeof basis[0] === "object") {
        const recs = basis as readonly BenchmarkLike[];
        names = recs.map((b) => b.name);
        points = recs.map((b) => valuesOf(b.values, `"${b.name}"`));
      } else {
        points = (basis as readonly (readonly number[])[]).map((b) => [...b]);
      }
    } else {
      const rec = basis as Readonly<Record<string, Readonly<Record<string, number>>>>;
      names = Object.keys(rec);
      points = names.map((n) => valuesOf(rec[n], `"${n}"`));
    }
    points.forEach((p, i) => {
      if (p.length !== this.nParameters) throw new InputError(`Morpher: basis point ${names ? `"${names[i]}"` : i} has ${p.length} values, expected ${this.nParameters}`);
    });
    return { points, names };
  }
}
