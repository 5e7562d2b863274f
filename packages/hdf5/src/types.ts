// The in-memory form of a MadMiner HDF5 file (see ../shared/reference/LAYOUT.md).

/** One physics parameter (a row of /parameters). */
export interface Parameter {
  name: string;
  lhaBlock: string;
  lhaId: number;
  /** Highest power of this parameter in |M|^2 (morphing max power). */
  maxPower: number;
  /**
   * One max power per operator configuration, when there are several (MadMiner's
   * tuple `morphing_max_power`; stored as /parameters/max_power of shape P × n).
   * `maxPower` is then the largest of them.
   */
  maxPowers?: number[];
  /** (min, max), used to draw random basis points. */
  range: [number, number];
  /** Expression in `theta` for the param-card value (e.g. "16.52*theta"); null when none (stored as "_"). */
  transform: string | null;
}

/** One benchmark (a row of /benchmarks). */
export interface Benchmark {
  name: string;
  /** Parameter values in /parameters order (all zero for nuisance benchmarks). */
  values: number[];
  isNuisance: boolean;
  isReference: boolean;
}

/** /morphing: components (C × P exponents) and the C × B_phys matrix. */
export interface MorphingSetup {
  components: number[][];
  /** C × B_phys, row-major. weights(theta) = matrixᵀ · componentWeights(theta). */
  matrix: Float64Array;
}

/** One nuisance parameter (a row of /nuisance_parameters). */
export interface NuisanceParameter {
  name: string;
  /** Name of the systematic it belongs to. */
  systematic: string;
  /** Benchmark name for the +1 sigma variation, or null (stored as "None"). */
  benchmarkPositive: string | null;
  /** Benchmark name for the -1 sigma variation, or null (stored as "None"). */
  benchmarkNegative: string | null;
}

/** One systematic uncertainty (a row of /systematics). Values are kept as the strings Python stores. */
export interface Systematic {
  name: string;
  /** "norm", "scale" or "pdf". */
  type: string;
  value: string;
  /** null when stored as "None". */
  scale: string | null;
}

/** /finite_differences. */
export interface FiniteDifferences {
  baseBenchmarks: string[];
  /** n_base × P benchmark names. */
  shiftedBenchmarks: string[][];
  epsilon: number;
}

/** Everything a MadMiner file says about the setup. */
export interface MadMinerSetup {
  parameters: Parameter[];
  benchmarks: Benchmark[];
  morphing: MorphingSetup | null;
  nuisance?: NuisanceParameter[];
  systematics?: Systematic[];
  finiteDifferences?: FiniteDifferences;
  /**
   * Read-only: what an older file lacked and which default was used instead
   * (e.g. "2018-era file: /parameters/max_power missing; taken from the morphing components").
   * Empty for a current-format file. Ignored by the writers.
   */
  formatNotes?: string[];
}

/** /observables and /sample_summary, without the event data. */
export interface EventsSummary {
  observables: { names: string[]; definitions: (string | null)[] };
  nEvents: number;
  /** Events generated at each physics benchmark (from /sample_summary, or counted from sampling_benchmarks). */
  signalEvents: number[];
  backgroundEvents: number;
  /** False for old files without /samples/sampling_benchmarks (every event then reads as -1). */
  hasSamplingBenchmarks?: boolean;
  /** What an older file lacked (see MadMinerSetup.formatNotes). */
  formatNotes?: string[];
}

/** A slice of events [start, start + n). */
export interface EventBatch {
  start: number;
  n: number;
  /** n × O row-major. */
  observations: Float64Array;
  /** n × B row-major. */
  weights: Float64Array;
  /** n entries; index into the benchmarks, -1 = background. */
  samplingBenchmarks: Int32Array;
}
