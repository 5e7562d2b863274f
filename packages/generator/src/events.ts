// Unweighted event generation at a sampling point with exact weights at every
// benchmark: cosθ is drawn exactly from dσ/dcosθ (a mixture of the (1 ± cosθ)²
// shapes, each inverted in closed form), φ uniformly; every event carries
// XWGTUP = σ(θ_s)/N (MadGraph's event_norm = sum) and the weight at benchmark b
// is XWGTUP · dσ_b/dσ_s at its cosθ, as MadGraph's reweighting computes it.
import { InputError, RandomState } from "@mm/util";
import { DEFAULT_INPUTS, couplingsOf, differentialCrossSection, squaredAmplitudes, totalCrossSection, type ElectroweakInputs } from "./eemumu.js";

/** A benchmark of the built-in generator: its name and the parameter point [c_VV, c_AA] (TeV⁻²). */
export interface GeneratorBenchmark {
  name: string;
  /** [c_VV, c_AA] in TeV⁻². */
  values: number[];
}

/** Options of `generateEvents`. */
export interface GenerateOptions {
  /** Centre-of-mass energy [GeV] (default 250). */
  sqrtS?: number;
  nEvents: number;
  /** Benchmark the events are sampled at. */
  sampling: GeneratorBenchmark;
  /** All benchmarks to weight to (the sampling one may be among them). */
  benchmarks: GeneratorBenchmark[];
  seed: number;
  /** Acceptance |cosθ| < cosMax (default 0.95, a detector's reach). */
  cosMax?: number;
  inputs?: ElectroweakInputs;
}

/** Events from `generateEvents`: the angles per event, the nominal weight, the weights at every benchmark (pb) and the analytic cross sections. */
export interface GeneratedEvents {
  sqrtS: number;
  nEvents: number;
  /** cosθ(e⁻, μ⁻) and φ of the μ⁻ per event. */
  cosTheta: Float64Array;
  phi: Float64Array;
  /** XWGTUP: σ(sampling)/N for every event [pb]. */
  nominalWeight: number;
  /** Weights n × B (benchmark order of `benchmarks`) [pb]. */
  weights: Float64Array;
  benchmarks: GeneratorBenchmark[];
  sampling: GeneratorBenchmark;
  /** Analytic σ per benchmark within the acceptance [pb]. */
  crossSections: number[];
  cosMax: number;
  seed: number;
}

/** Draws cosθ in [−a, a] from the density ∝ (1 + sign·c)². */
function drawShape(u: number, a: number, sign: 1 | -1): number {
  const lo = (1 - a) ** 3;
  const hi = (1 + a) ** 3;
  const t = Math.cbrt(lo + u * (hi - lo)) - 1;
  return sign * t;
}

/**
 * Generates unweighted e+ e- → μ+ μ- events at the sampling benchmark (seeded): cosθ drawn exactly
 * from dσ/dcosθ within |cosθ| < cosMax, φ uniform. Every event has XWGTUP = σ(sampling)/N (pb) and,
 * at each benchmark b, the weight XWGTUP · dσ_b/dσ_sampling at its cosθ, as MadGraph's reweighting.
 * @throws InputError when nEvents is not a positive integer, cosMax is not in (0, 1] or sqrtS is not positive
 */
export function generateEvents(o: GenerateOptions): GeneratedEvents {
  const sqrtS = o.sqrtS ?? 250;
  const a = o.cosMax ?? 0.95;
  const inputs = o.inputs ?? DEFAULT_INPUTS;
  if (!(Number.isInteger(o.nEvents) && o.nEvents > 0)) throw new InputError(`generateEvents: nEvents must be a positive integer, got ${o.nEvents}`);
  if (!(a > 0 && a <= 1)) throw new InputError(`generateEvents: cosMax must be in (0, 1], got ${a}`);
  if (!(sqrtS > 0)) throw new InputError(`generateEvents: sqrtS must be positive, got ${sqrtS}`);
  const rng = new RandomState(o.seed);
  const { plus, minus } = squaredAmplitudes(sqrtS * sqrtS, couplingsOf(o.sampling.values), inputs);
  // Both shapes integrate to the same value over [−a, a], so the mixture fraction is plus/(plus+minus).
  const fPlus = plus / (plus + minus);
  const n = o.nEvents;
  const B = o.benchmarks.length;
  const cosTheta = new Float64Array(n);
  const phi = new Float64Array(n);
  const weights = new Float64Array(n * B);
  const sigmaS = totalCrossSection(sqrtS, o.sampling.values, a, inputs);
  const nominal = sigmaS / n;
  for (let i = 0; i < n; i++) {
    const pick = rng.nextDouble();
    const u = rng.nextDouble();
    const c = drawShape(u, a, pick < fPlus ? 1 : -1);
    cosTheta[i] = c;
    phi[i] = 2 * Math.PI * rng.nextDouble() - Math.PI;
    const ds = differentialCrossSection(sqrtS, c, o.sampling.values, inputs);
    for (let b = 0; b < B; b++) weights[i * B + b] = (nominal * differentialCrossSection(sqrtS, c, o.benchmarks[b].values, inputs)) / ds;
  }
  return {
    sqrtS,
    nEvents: n,
    cosTheta,
    phi,
    nominalWeight: nominal,
    weights,
    benchmarks: o.benchmarks,
    sampling: o.sampling,
    crossSections: o.benchmarks.map((b) => totalCrossSection(sqrtS, b.values, a, inputs)),
    cosMax: a,
    seed: o.seed,
  };
}

/** Four-momenta (px, py, pz, E) of e⁻, e⁺, μ⁻, μ⁺ for event i (massless, e⁻ along +z). */
export function eventMomenta(ev: GeneratedEvents, i: number): [number, number, number, number][] {
  const E = ev.sqrtS / 2;
  const c = ev.cosTheta[i];
  const s = Math.sqrt(Math.max(0, 1 - c * c));
  const px = E * s * Math.cos(ev.phi[i]);
  const py = E * s * Math.sin(ev.phi[i]);
  const pz = E * c;
  return [
    [0, 0, E, E],
    [0, 0, -E, E],
    [px, py, pz, E],
    [-px, -py, -pz, E],
  ];
}
