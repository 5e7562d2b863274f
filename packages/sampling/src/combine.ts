// combineAndShuffle: concatenates MadMiner events files and shuffles the rows
// with one seeded permutation (np.random.permutation after np.random.seed(seed)),
// like Python's combine_and_shuffle, but refuses inputs whose setups differ
// (parameters, benchmarks, morphing, observables) instead of silently mixing
// weights of different benchmarks. All events are held in memory while
// shuffling (as in Python); the output is written atomically by @mm/hdf5,
// which recomputes /sample_summary from the sampling ids.
import { InputError, RandomState } from "@mm/util";
import { readEventBatches, readEventsSummary, readSetup, writeEvents, type MadMinerSetup } from "@mm/hdf5";

function describeSetupDifference(a: MadMinerSetup, b: MadMinerSetup): string | null {
  const pa = a.parameters;
  const pb = b.parameters;
  if (pa.length !== pb.length) return `${pa.length} vs ${pb.length} parameters`;
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x.name !== y.name || x.lhaBlock !== y.lhaBlock || x.lhaId !== y.lhaId || x.maxPower !== y.maxPower || (x.transform ?? null) !== (y.transform ?? null)) {
      return `parameter ${i}: ${x.name} (${x.lhaBlock} ${x.lhaId}, max power ${x.maxPower}) vs ${y.name} (${y.lhaBlock} ${y.lhaId}, max power ${y.maxPower})`;
    }
  }
  if (a.benchmarks.length !== b.benchmarks.length) return `${a.benchmarks.length} vs ${b.benchmarks.length} benchmarks`;
  for (let i = 0; i < a.benchmarks.length; i++) {
    const x = a.benchmarks[i];
    const y = b.benchmarks[i];
    if (x.name !== y.name || x.isNuisance !== y.isNuisance || x.values.some((v, k) => v !== y.values[k])) {
      return `benchmark ${i}: ${x.name} [${x.values.join(", ")}] vs ${y.name} [${y.values.join(", ")}]`;
    }
  }
  if (!a.morphing !== !b.morphing) return `morphing setup present in one file only`;
  if (a.morphing && b.morphing) {
    if (JSON.stringify(a.morphing.components) !== JSON.stringify(b.morphing.components)) return "different morphing components";
    if (a.morphing.matrix.length !== b.morphing.matrix.length || a.morphing.matrix.some((v, k) => v !== b.morphing!.matrix[k])) return "different morphing matrices";
  }
  return null;
}

/** Options of `combineAndShuffle` (Python's `combine_and_shuffle(..., k_factors=...)`). */
export interface CombineOptions {
  /** np.random.seed(seed) before the permutation. */
  seed: number;
  /** Multiplies the weights of each input (one factor, or one per input). */
  kFactors?: number | number[];
}

/** Combines events files with identical setups into `output`, rows shuffled. Resolves to the number of events. */
export async function combineAndShuffle(inputs: string[], output: string, options: CombineOptions): Promise<number> {
  if (inputs.length === 0) throw new InputError("combineAndShuffle needs at least one input file");
  const k = options.kFactors === undefined ? inputs.map(() => 1) : typeof options.kFactors === "number" ? inputs.map(() => options.kFactors as number) : options.kFactors;
  if (k.length !== inputs.length) throw new InputError(`${inputs.length} input files but ${k.length} k-factors`);
  const setup = await readSetup(inputs[0]);
  const summary0 = await readEventsSummary(inputs[0]);
  if (!summary0) throw new InputError(`${inputs[0]} has no events (/samples missing)`);
  const names = summary0.observables.names;
  const parts: { obs: Float64Array; w: Float64Array; sb: Int32Array; n: number }[] = [];
  for (let f = 0; f < inputs.length; f++) {
    const s = f === 0 ? setup : await readSetup(inputs[f]);
    const diff = describeSetupDifference(setup, s);
    if (diff) throw new InputError(`cannot combine ${inputs[f]} with ${inputs[0]}: their setups differ (${diff}); combine only files made from the same MadMiner setup`);
    const summary = f === 0 ? summary0 : await readEventsSummary(inputs[f]);
    if (!summary) throw new InputError(`${inputs[f]} has no events (/samples missing)`);
    if (summary.observables.names.join("\u0000") !== names.join("\u0000")) {
      throw new InputError(`cannot combine ${inputs[f]} with ${inputs[0]}: observables differ (${summary.observables.names.join(", ")} vs ${names.join(", ")})`);
    }
    for await (const b of readEventBatches(inputs[f], { batchSize: 100000 })) {
      const w = Float64Array.from(b.weights, (v) => v * k[f]);
      parts.push({ obs: b.observations, w, sb: b.samplingBenchmarks, n: b.n });
    }
  }
  const N = parts.reduce((s, p) => s + p.n, 0);
  const O = names.length;
  const B = setup.benchmarks.length;
  const obs = new Float64Array(N * O);
  const w = new Float64Array(N * B);
  const sb = new Int32Array(N);
  let off = 0;
  for (const p of parts) {
    obs.set(p.obs, off * O);
    w.set(p.w, off * B);
    sb.set(p.sb, off);
    off += p.n;
  }
  const perm = new RandomState(options.seed).permutation(N);
  const obs2 = new Float64Array(N * O);
  const w2 = new Float64Array(N * B);
  const sb2 = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const s = perm[i];
    for (let o = 0; o < O; o++) obs2[i * O + o] = obs[s * O + o];
    for (let b = 0; b < B; b++) w2[i * B + b] = w[s * B + b];
    sb2[i] = sb[s];
  }
  await writeEvents(output, setup, { observableNames: names, observableDefinitions: summary0.observables.definitions, observations: obs2, weights: w2, samplingBenchmarks: sb2, nEvents: N });
  return N;
}
