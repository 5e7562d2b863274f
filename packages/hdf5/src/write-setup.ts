// The setup groups (/parameters, /benchmarks, /morphing and the optional
// groups) in Python MadMiner's exact element types, and writeSetup. Every file
// is written under a temporary name and renamed when complete.
import type { File as H5File, Group } from "h5wasm/node";
import { InputError, withAtomicOutput } from "@mm/util";
import { openWrite, writeDataset } from "./h5.js";
import { patchStringPadding } from "./string-padding.js";
import type { MadMinerSetup } from "./types.js";

/** Checks the setup's internal consistency before anything is written. */
export function validateSetup(setup: MadMinerSetup, where = "setup"): void {
  const P = setup.parameters.length;
  if (P === 0) throw new InputError(`${where}: no parameters`);
  const seen = new Set<string>();
  for (const p of setup.parameters) {
    if (seen.has(p.name)) throw new InputError(`${where}: parameter name '${p.name}' is used twice`);
    seen.add(p.name);
    if (!Number.isInteger(p.lhaId)) throw new InputError(`${where}: parameter '${p.name}': lhaId must be an integer, got ${p.lhaId}`);
    if (!Number.isInteger(p.maxPower) || p.maxPower < 0) throw new InputError(`${where}: parameter '${p.name}': maxPower must be a non-negative integer, got ${p.maxPower}`);
  }
  const bseen = new Set<string>();
  for (const b of setup.benchmarks) {
    if (bseen.has(b.name)) throw new InputError(`${where}: benchmark name '${b.name}' is used twice`);
    bseen.add(b.name);
    if (b.values.length !== P) throw new InputError(`${where}: benchmark '${b.name}' has ${b.values.length} values, expected ${P} (one per parameter)`);
  }
  if (setup.morphing) {
    const C = setup.morphing.components.length;
    for (const row of setup.morphing.components) {
      if (row.length !== P) throw new InputError(`${where}: morphing component [${row}] has ${row.length} exponents, expected ${P}`);
    }
    if (C > 0 && setup.morphing.matrix.length % C !== 0) {
      throw new InputError(`${where}: morphing matrix has ${setup.morphing.matrix.length} entries, not a multiple of ${C} components`);
    }
  }
}

/** Creates a group (internal). */
export function group(file: H5File, name: string): Group {
  return file.create_group(name);
}

/** Writes /parameters, /benchmarks, /morphing and the optional groups into an open file. */
export function writeSetupGroups(file: H5File, setup: MadMinerSetup): void {
  const P = setup.parameters.length;
  const B = setup.benchmarks.length;
  const pars = group(file, "parameters");
  writeDataset(pars, "names", "S256", setup.parameters.map((p) => p.name), [P]);
  writeDataset(pars, "lha_blocks", "S256", setup.parameters.map((p) => p.lhaBlock), [P]);
  writeDataset(pars, "lha_ids", "int64", setup.parameters.map((p) => p.lhaId), [P]);
  const nConfigs = Math.max(0, ...setup.parameters.map((p) => p.maxPowers?.length ?? 0));
  if (nConfigs === 0) {
    writeDataset(pars, "max_power", "int64", setup.parameters.map((p) => p.maxPower), [P]);
  } else {
    const rows = setup.parameters.map((p) => {
      const r = p.maxPowers ?? [p.maxPower];
      if (r.length === 1) return new Array<number>(nConfigs).fill(r[0]!);
      if (r.length !== nConfigs) throw new InputError(`parameter '${p.name}' has ${r.length} max powers but another parameter has ${nConfigs} operator configurations`);
      return r;
    });
    writeDataset(pars, "max_power", "int64", rows.flat(), [P, nConfigs]);
  }
  writeDataset(pars, "val_ranges", "float64", setup.parameters.flatMap((p) => [p.range[0], p.range[1]]), [P, 2]);
  writeDataset(pars, "transforms", "S256", setup.parameters.map((p) => p.transform ?? "_"), [P]);

  const bm = group(file, "benchmarks");
  writeDataset(bm, "names", "S256", setup.benchmarks.map((b) => b.name), [B]);
  writeDataset(bm, "values", "float64", setup.benchmarks.flatMap((b) => b.values), [B, P]);
  writeDataset(bm, "is_nuisance", "int64", setup.benchmarks.map((b) => (b.isNuisance ? 1 : 0)), [B]);
  writeDataset(bm, "is_reference", "int64", setup.benchmarks.map((b) => (b.isReference ? 1 : 0)), [B]);

  if (setup.morphing) {
    const C = setup.morphing.components.length;
    const m = group(file, "morphing");
    writeDataset(m, "components", "int64", setup.morphing.components.flat(), [C, P]);
    const cols = C === 0 ? 0 : setup.morphing.matrix.length / C;
    writeDataset(m, "morphing_matrix", "float64", setup.morphing.matrix, [C, cols]);
  }

  if (setup.nuisance && setup.nuisance.length > 0) {
    const n = setup.nuisance;
    const g = group(file, "nuisance_parameters");
    writeDataset(g, "names", "S256", n.map((x) => x.name), [n.length]);
    writeDataset(g, "systematics", "S256", n.map((x) => x.systematic), [n.length]);
    writeDataset(g, "benchmark_positive", "S256", n.map((x) => x.benchmarkPositive ?? "None"), [n.length]);
    writeDataset(g, "benchmark_negative", "S256", n.map((x) => x.benchmarkNegative ?? "None"), [n.length]);
  }
  if (setup.systematics && setup.systematics.length > 0) {
    const s = setup.systematics;
    const g = group(file, "systematics");
    writeDataset(g, "names", "S256", s.map((x) => x.name), [s.length]);
    writeDataset(g, "types", "S256", s.map((x) => x.type), [s.length]);
    writeDataset(g, "values", "S256", s.map((x) => x.value), [s.length]);
    writeDataset(g, "scales", "S256", s.map((x) => x.scale ?? "None"), [s.length]);
  }
  if (setup.finiteDifferences) {
    const fd = setup.finiteDifferences;
    const nb = fd.baseBenchmarks.length;
    for (const row of fd.shiftedBenchmarks) {
      if (row.length !== P) throw new InputError(`finiteDifferences: each shifted-benchmark row needs ${P} names, got ${row.length}`);
    }
    const g = group(file, "finite_differences");
    // Python writes these two without dtype="S256": h5py 3 stores a list of bytes as variable-length strings.
    writeDataset(g, "base_benchmarks", "vlen", fd.baseBenchmarks, [nb]);
    writeDataset(g, "shifted_benchmarks", "vlen", fd.shiftedBenchmarks.flat(), [nb, P]);
    writeDataset(g, "epsilon", "float64", [fd.epsilon], []);
  }
}

/** Writes an HDF5 file atomically, then fixes the string padding (internal). */
export async function writeFile(path: string, fill: (file: H5File) => void | Promise<void>): Promise<void> {
  await withAtomicOutput(path, async (tmp) => {
    const file = await openWrite(tmp);
    try {
      await fill(file);
    } finally {
      file.close();
    }
    patchStringPadding(tmp);
  });
}

/** Writes a setup-only MadMiner file (as MadMiner.save()): parameters, benchmarks, morphing, optional groups. */
export async function writeSetup(path: string, setup: MadMinerSetup): Promise<void> {
  validateSetup(setup, path);
  await writeFile(path, (file) => writeSetupGroups(file, setup));
}

