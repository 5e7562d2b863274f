// readSetup: parameters, benchmarks, morphing and the optional groups of any
// MadMiner file (setup-only or with events), across the three eras of the
// format. What an old file lacks is reported in `formatNotes`, with the default
// used; only a file without the essential datasets is rejected.
import type { File as H5File } from "h5wasm/node";
import { FormatError } from "@mm/util";
import { dataset, has, openRead, readNumbers, readStrings, requireDataset, shapeOf, toRows } from "./h5.js";
import { invertMorphingBasis } from "./basis-inverse.js";
import type { Benchmark, FiniteDifferences, MadMinerSetup, MorphingSetup, NuisanceParameter, Parameter, Systematic } from "./types.js";

/** Reads the setup part of a MadMiner HDF5 file. */
export async function readSetup(path: string): Promise<MadMinerSetup> {
  const file = await openRead(path);
  try {
    return readSetupFrom(file, path);
  } finally {
    file.close();
  }
}

// "None" since MadMiner 0.9 (EMPTY_EXPR); "" in older files.
const noneToNull = (s: string): string | null => (s === "None" || s === "" ? null : s);

/** Reads the setup from an open h5wasm file (for callers that keep the file open). */
export function readSetupFrom(file: H5File, path: string): MadMinerSetup {
  const notes: string[] = [];
  if (!has(file, "parameters")) throw new FormatError("group /parameters is missing: not a MadMiner file", path);
  if (!has(file, "benchmarks")) throw new FormatError("group /benchmarks is missing: not a MadMiner file (or the setup was never saved)", path);

  // --- components first (old files derive max powers from them) ---
  const compD = dataset(file, "morphing/components");
  let components: number[][] | null = null;
  if (compD) {
    const shape = shapeOf(compD);
    components = toRows(readNumbers(compD), shape[1] ?? 1);
  }

  // --- parameters ---
  const names = readStrings(requireDataset(file, "parameters/names", path));
  const P = names.length;
  const blocksD = dataset(file, "parameters/lha_blocks");
  const blocks = blocksD ? readStrings(blocksD) : names.map(() => "");
  if (!blocksD) notes.push("/parameters/lha_blocks missing: LHA blocks left empty");
  const idsD = dataset(file, "parameters/lha_ids");
  const ids = idsD ? Array.from(readNumbers(idsD)) : names.map(() => 0);
  if (!idsD) notes.push("/parameters/lha_ids missing: LHA ids set to 0");

  let maxPowers: number[];
  let maxPowerTuples: number[][] | null = null;
  const mpD = dataset(file, "parameters/max_power");
  if (mpD) {
    const shape = shapeOf(mpD);
    const flat = readNumbers(mpD);
    if (shape.length === 2) {
      const cols = shape[1]!;
      maxPowerTuples = toRows(flat, cols);
      maxPowers = maxPowerTuples.map((r) => Math.max(...r));
      notes.push(
        `/parameters/max_power has shape ${P}x${cols} (one column per operator configuration, as in 2019-era files): kept in maxPowers; maxPower is the largest`,
      );
    } else {
      maxPowers = Array.from(flat);
    }
  } else if (components) {
    maxPowers = names.map((_, p) => Math.max(0, ...components!.map((r) => r[p]!)));
    notes.push("/parameters/max_power missing (2018-era file): max powers taken from the largest exponent in /morphing/components");
  } else {
    maxPowers = names.map(() => 2);
    notes.push("/parameters/max_power missing (2018-era file) and no morphing: max power 2 assumed");
  }

  let ranges: [number, number][];
  const vrD = dataset(file, "parameters/val_ranges") ?? dataset(file, "parameters/ranges");
  if (vrD) {
    ranges = toRows(readNumbers(vrD), 2).map((r) => [r[0]!, r[1]!] as [number, number]);
    if (vrD.path.endsWith("/ranges")) notes.push("/parameters/ranges used: older name of /parameters/val_ranges (2018/2019-era file)");
  } else {
    ranges = names.map(() => [0, 0] as [number, number]);
    notes.push("/parameters/val_ranges missing: ranges set to (0, 0)");
  }

  const trD = dataset(file, "parameters/transforms");
  const transforms = trD ? readStrings(trD).map((s) => (s === "_" || s === "None" || s === "" ? null : s)) : names.map(() => null);
  if (!trD) notes.push("/parameters/transforms missing (2018-era file): no param-card transforms");

  const check = (what: string, n: number) => {
    if (n !== P) throw new FormatError(`${what} has ${n} entries but /parameters/names has ${P}`, path);
  };
  check("/parameters/lha_blocks", blocks.length);
  check("/parameters/lha_ids", ids.length);
  check("/parameters/max_power", maxPowers.length);
  check(vrD ? vrD.path : "/parameters/val_ranges", ranges.length);
  check("/parameters/transforms", transforms.length);

  const parameters: Parameter[] = names.map((name, i) => ({
    name,
    lhaBlock: blocks[i]!,
    lhaId: ids[i]!,
    maxPower: maxPowers[i]!,
    range: ranges[i]!,
    transform: transforms[i]!,
    ...(maxPowerTuples ? { maxPowers: maxPowerTuples[i]! } : {}),
  }));

  // --- benchmarks ---
  const bNames = readStrings(requireDataset(file, "benchmarks/names", path));
  const B = bNames.length;
  const valuesD = requireDataset(file, "benchmarks/values", path);
  const vShape = shapeOf(valuesD);
  if (vShape[0] !== B || (vShape[1] ?? (P === 1 ? 1 : 0)) !== P) {
    throw new FormatError(`/benchmarks/values has shape ${JSON.stringify(vShape)}, expected [${B}, ${P}] (benchmarks × parameters)`, path);
  }
  const values = toRows(readNumbers(valuesD), P);
  const flag = (ds: string, era: string): boolean[] => {
    const d = dataset(file, ds);
    if (!d) {
      notes.push(`/${ds} missing (${era}): all false`);
      return bNames.map(() => false);
    }
    const v = Array.from(readNumbers(d));
    if (v.length !== B) throw new FormatError(`/${ds} has ${v.length} entries, expected ${B}`, path);
    return v.map((x) => x !== 0);
  };
  const isNuisance = flag("benchmarks/is_nuisance", "2018-era file");
  const isReference = flag("benchmarks/is_reference", "2018-era file");
  const benchmarks: Benchmark[] = bNames.map((name, i) => ({
    name,
    values: values[i]!,
    isNuisance: isNuisance[i]!,
    isReference: isReference[i]!,
  }));

  // --- morphing ---
  let morphing: MorphingSetup | null = null;
  if (components) {
    const C = components.length;
    if (C > 0 && components[0]!.length !== P) {
      throw new FormatError(`/morphing/components has ${components[0]!.length} columns, expected ${P} (one per parameter)`, path);
    }
    const mD = dataset(file, "morphing/morphing_matrix");
    if (mD) {
      const shape = shapeOf(mD);
      if (shape[0] !== C) throw new FormatError(`/morphing/morphing_matrix has ${shape[0]} rows, expected ${C} (one per component)`, path);
      morphing = { components, matrix: readNumbers(mD) };
    } else {
      const csD = dataset(file, "morphing/cs_basis");
      let basis: number[][];
      if (csD) {
        basis = toRows(readNumbers(csD), P);
        notes.push("/morphing/morphing_matrix missing (2024-era file with /morphing/cs_basis): matrix computed as the inverse of the cs_basis component matrix");
      } else {
        basis = benchmarks.filter((b) => !b.isNuisance).slice(0, C).map((b) => b.values);
        notes.push("/morphing/morphing_matrix missing: matrix computed from the first benchmarks as the basis");
      }
      morphing = { components, matrix: invertMorphingBasis(components, basis, path) };
    }
  } else if (has(file, "morphing")) {
    notes.push("/morphing exists but has no components: morphing ignored");
  }

  const setup: MadMinerSetup = { parameters, benchmarks, morphing, formatNotes: notes };

  // --- optional groups ---
  if (has(file, "nuisance_parameters")) {
    const n = readStrings(requireDataset(file, "nuisance_parameters/names", path));
    const sys = readStrings(requireDataset(file, "nuisance_parameters/systematics", path));
    const pos = readStrings(requireDataset(file, "nuisance_parameters/benchmark_positive", path));
    const neg = readStrings(requireDataset(file, "nuisance_parameters/benchmark_negative", path));
    setup.nuisance = n.map(
      (name, i): NuisanceParameter => ({
        name,
        systematic: sys[i] ?? "",
        benchmarkPositive: noneToNull(pos[i] ?? "None"),
        benchmarkNegative: noneToNull(neg[i] ?? "None"),
      }),
    );
  }
  if (has(file, "systematics")) {
    const n = readStrings(requireDataset(file, "systematics/names", path));
    const types = readStrings(requireDataset(file, "systematics/types", path));
    const vals = readStrings(requireDataset(file, "systematics/values", path));
    const scalesD = dataset(file, "systematics/scales");
    const scales = scalesD ? readStrings(scalesD) : n.map(() => "None");
    setup.systematics = n.map(
      (name, i): Systematic => ({ name, type: types[i] ?? "", value: vals[i] ?? "", scale: noneToNull(scales[i] ?? "None") }),
    );
  }
  if (has(file, "finite_differences")) {
    const base = readStrings(requireDataset(file, "finite_differences/base_benchmarks", path));
    const shiftedD = requireDataset(file, "finite_differences/shifted_benchmarks", path);
    const shifted = readStrings(shiftedD);
    const cols = shapeOf(shiftedD)[1] ?? P;
    const rows: string[][] = [];
    for (let i = 0; i < base.length; i++) rows.push(shifted.slice(i * cols, (i + 1) * cols));
    const eps = readNumbers(requireDataset(file, "finite_differences/epsilon", path))[0]!;
    const fd: FiniteDifferences = { baseBenchmarks: base, shiftedBenchmarks: rows, epsilon: eps };
    setup.finiteDifferences = fd;
  }
  return setup;
}
