// Theta specifications for the samplers (MadMiner's benchmark / benchmarks /
// morphing_point / morphing_points / random_morphing_points).
import { InputError } from "@mm/util";
import type { ThetaRef } from "./analyzer.js";
import type { Rng } from "./rng.js";

/** Prior of one parameter for random parameter points: ["flat", min, max] or ["gaussian", mean, std]. */
export type Prior = ["flat", number, number] | ["gaussian", number, number];

/**
 * Which parameter points a sampler uses (Python MadMiner's benchmark, benchmarks, morphing_point,
 * morphing_points and random_morphing_points); build them with the functions below.
 */
export type ThetaSpec =
  | { type: "benchmark"; value: string }
  | { type: "benchmarks"; value: string[] }
  | { type: "morphing_point"; value: number[] }
  | { type: "morphing_points"; value: number[][] }
  | { type: "random_morphing_points"; value: { n: number | null; priors: Prior[] } };

/** One benchmark (by name). */
export function constantBenchmarkTheta(name: string): ThetaSpec {
  return { type: "benchmark", value: name };
}
/** Several benchmarks (by name). */
export function multipleBenchmarkThetas(names: string[]): ThetaSpec {
  return { type: "benchmarks", value: names.slice() };
}
/** One parameter point (morphing). */
export function constantMorphingTheta(theta: ArrayLike<number>): ThetaSpec {
  return { type: "morphing_point", value: Array.from(theta) };
}
/** Several parameter points (morphing). */
export function multipleMorphingThetas(thetas: ArrayLike<number>[]): ThetaSpec {
  return { type: "morphing_points", value: thetas.map((t) => Array.from(t)) };
}
/** n random points, one prior per parameter: ["flat", lo, hi] or ["gaussian", mean, std]. */
export function randomMorphingThetas(n: number | null, priors: Prior[]): ThetaSpec {
  return { type: "random_morphing_points", value: { n, priors: priors.map((p) => [...p] as Prior) } };
}

// Newer MadMiner names.
/** One benchmark, by name (Python MadMiner's `benchmark`); same as `constantBenchmarkTheta`. */
export const benchmark = constantBenchmarkTheta;
/** Several benchmarks, by name (Python MadMiner's `benchmarks`); same as `multipleBenchmarkThetas`. */
export const benchmarks = multipleBenchmarkThetas;
/** One parameter point, reached by morphing (Python MadMiner's `morphing_point`); same as `constantMorphingTheta`. */
export const morphingPoint = constantMorphingTheta;
/** Several parameter points, reached by morphing (Python MadMiner's `morphing_points`); same as `multipleMorphingThetas`. */
export const morphingPoints = multipleMorphingThetas;
/**
 * n random parameter points, one prior per parameter: ["flat", min, max] or ["gaussian", mean, std]
 * (Python MadMiner's `random_morphing_points`); same as `randomMorphingThetas`.
 */
export const randomMorphingPoints = randomMorphingThetas;

/** Python round(x, 0) as int, ties to even. */
function pyRoundInt(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * SampleAugmenter._parse_theta: the parameter points and the samples per point.
 * Random priors draw from `rng` in Python's order (per parameter: rand(n) or normal(n)).
 */
export function parseTheta(spec: ThetaSpec, nSamples: number | null, rng: Rng | null): { thetas: ThetaRef[]; nPerTheta: number } {
  const per = (k: number) => (nSamples === null ? 1 : Math.max(pyRoundInt(nSamples / k), 1));
  switch (spec.type) {
    case "benchmark":
      return { thetas: [spec.value], nPerTheta: nSamples ?? 1 };
    case "benchmarks":
      if (spec.value.length === 0) throw new InputError("multipleBenchmarkThetas needs at least one benchmark");
      return { thetas: spec.value.slice(), nPerTheta: per(spec.value.length) };
    case "morphing_point":
      return { thetas: [spec.value.slice()], nPerTheta: nSamples ?? 1 };
    case "morphing_points":
      if (spec.value.length === 0) throw new InputError("multipleMorphingThetas needs at least one point");
      return { thetas: spec.value.map((t) => t.slice()), nPerTheta: per(spec.value.length) };
    case "random_morphing_points": {
      let n = spec.value.n;
      if (n === null || n <= 0 || (nSamples !== null && n > nSamples)) n = Math.max(nSamples ?? 1, 1);
      if (!rng) throw new InputError("random theta points need a seed (or an rng)");
      const columns = spec.value.priors.map((prior) => {
        if (prior[0] === "flat") {
          const u = rng.rand(n!);
          return Array.from(u, (v) => prior[1] + (prior[2] - prior[1]) * v);
        }
        if (prior[0] === "gaussian") return Array.from(rng.normal(prior[1], prior[2], n!));
        throw new InputError(`unknown prior '${String((prior as unknown[])[0])}': use ["flat", lo, hi] or ["gaussian", mean, std]`);
      });
      const thetas: number[][] = [];
      for (let i = 0; i < n; i++) thetas.push(columns.map((c) => c[i]));
      return { thetas, nPerTheta: per(n) };
    }
    default:
      throw new InputError(`unknown theta specification ${JSON.stringify(spec)}`);
  }
}

/** _build_sets: sets[i][k] = thetas[k][i mod len(thetas[k])]. */
export function buildSets(thetaLists: ThetaRef[][]): ThetaRef[][] {
  const nSets = Math.max(...thetaLists.map((l) => l.length));
  const sets: ThetaRef[][] = [];
  for (let i = 0; i < nSets; i++) sets.push(thetaLists.map((l) => l[i % l.length]));
  return sets;
}
