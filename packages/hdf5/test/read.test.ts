import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readEventBatches, readEventsSummary, readSetup } from "../dist/index.js";
import { debianPython, noShared, shared } from "../../../tools/test-support/shared.js";
import { pyJson } from "./h5walk.js";

const ref = (f: string) => shared("reference", f);
const corpus = (f: string) => shared("corpus", "madminer-h5", f);

interface LayoutEntry {
  path: string;
  value?: unknown;
}
function layoutValue(file: string, path: string): unknown {
  const layout = JSON.parse(readFileSync(ref(file), "utf8")) as { entries: LayoutEntry[] };
  return layout.entries.find((e) => e.path === path)?.value;
}

describe.skipIf(noShared())("readSetup on the Python-written reference files", () => {
  // Values are compared exactly (toEqual): they are the same float64 bits in the file.
  it("reads setup.h5 as layout_setup.json lists it", async () => {
    const s = await readSetup(ref("setup.h5"));
    expect(s.parameters.map((p) => p.name)).toEqual(layoutValue("layout_setup.json", "/parameters/names"));
    expect(s.parameters.map((p) => p.lhaBlock)).toEqual(layoutValue("layout_setup.json", "/parameters/lha_blocks"));
    expect(s.parameters.map((p) => p.lhaId)).toEqual(layoutValue("layout_setup.json", "/parameters/lha_ids"));
    expect(s.parameters.map((p) => p.maxPower)).toEqual(layoutValue("layout_setup.json", "/parameters/max_power"));
    expect(s.parameters.map((p) => p.range)).toEqual(layoutValue("layout_setup.json", "/parameters/val_ranges"));
    expect(s.parameters.map((p) => p.transform)).toEqual(["16.52*theta", "16.52*theta"]);
    expect(s.benchmarks.map((b) => b.name)).toEqual(layoutValue("layout_setup.json", "/benchmarks/names"));
    expect(s.benchmarks.map((b) => b.values)).toEqual(layoutValue("layout_setup.json", "/benchmarks/values"));
    expect(s.benchmarks.every((b) => !b.isReference && !b.isNuisance)).toBe(true);
    expect(s.morphing!.components).toEqual(layoutValue("layout_setup.json", "/morphing/components"));
    expect(Array.from(s.morphing!.matrix)).toEqual((layoutValue("layout_setup.json", "/morphing/morphing_matrix") as number[][]).flat());
    expect(s.formatNotes).toEqual([]);
    expect(await readEventsSummary(ref("setup.h5"))).toBeNull();
  });

  it("reads events.h5: reference flag, observables, counts", async () => {
    const s = await readSetup(ref("events.h5"));
    expect(s.benchmarks.map((b) => b.isReference)).toEqual([true, false, false, false, false, false]);
    const e = (await readEventsSummary(ref("events.h5")))!;
    expect(e.nEvents).toBe(50000);
    expect(e.observables.names).toEqual(["pt_j1", "eta_j1", "delta_phi_jj", "met"]);
    expect(e.signalEvents).toEqual(layoutValue("layout.json", "/sample_summary/signal_events"));
    expect(e.backgroundEvents).toBe(5000);
    expect(e.hasSamplingBenchmarks).toBe(true);
  });

  it("reads events in batches that concatenate to h5py's arrays", async () => {
    const py = debianPython();
    // Batches of 7000 (not a divisor of 50000) to cover the ragged last batch.
    let n = 0;
    const colSums = new Float64Array(6);
    const obsSums = new Float64Array(4);
    const idCounts = new Map<number, number>();
    let first: Float64Array | null = null;
    for await (const b of readEventBatches(ref("events.h5"), { batchSize: 7000 })) {
      expect(b.start).toBe(n);
      expect(b.observations.length).toBe(b.n * 4);
      expect(b.weights.length).toBe(b.n * 6);
      if (!first) first = b.weights.slice(0, 12);
      for (let i = 0; i < b.n; i++) {
        for (let j = 0; j < 6; j++) colSums[j] += b.weights[i * 6 + j]!;
        for (let j = 0; j < 4; j++) obsSums[j] += b.observations[i * 4 + j]!;
        idCounts.set(b.samplingBenchmarks[i]!, (idCounts.get(b.samplingBenchmarks[i]!) ?? 0) + 1);
      }
      n += b.n;
    }
    expect(n).toBe(50000);
    expect(idCounts.get(-1)).toBe(5000);
    expect(idCounts.get(0)).toBe(30000);
    if (!py) return;
    const want = pyJson(
      py,
      `import h5py, json, sys, math
f = h5py.File(sys.argv[1], "r")
w = f["samples/weights"][()]; o = f["samples/observations"][()]
print(json.dumps({"first": w[:2].flatten().tolist(), "w": [math.fsum(w[:, j]) for j in range(w.shape[1])], "o": [math.fsum(o[:, j]) for j in range(o.shape[1])]}))`,
      ref("events.h5"),
    ) as { first: number[]; w: number[]; o: number[] };
    expect(Array.from(first!)).toEqual(want.first); // exact: same bits
    // Column sums: 1e-12 relative, the float summation order differs (naive vs fsum).
    want.w.forEach((x, j) => expect(Math.abs(colSums[j]! - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x)));
    want.o.forEach((x, j) => expect(Math.abs(obsSums[j]! - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x)));
  });

  it("reads a sub-range", async () => {
    const rows: number[] = [];
    for await (const b of readEventBatches(ref("events.h5"), { start: 100, end: 250, batchSize: 64 })) rows.push(b.n);
    expect(rows).toEqual([64, 64, 22]);
    await expect(async () => {
      for await (const _ of readEventBatches(ref("events.h5"), { start: 10, end: 60000 })) void _;
    }).rejects.toThrow(/not inside the 50000 events/);
  });
});

describe.skipIf(noShared())("the three eras of real MadMiner files in the corpus", () => {
  it("2018 setup: no max_power, transforms, is_nuisance/is_reference; 'ranges'", async () => {
    const s = await readSetup(corpus("madminer-2018-setup-15benchmarks.h5"));
    expect(s.parameters.map((p) => p.name)).toEqual(["fW", "fWW"]);
    expect(s.parameters.map((p) => p.maxPower)).toEqual([4, 4]);
    expect(s.parameters[0]!.range).toEqual([-1, 1]);
    expect(s.benchmarks).toHaveLength(15);
    expect(s.morphing!.components).toHaveLength(15);
    const notes = s.formatNotes!.join("\n");
    expect(notes).toMatch(/max_power missing \(2018-era/);
    expect(notes).toMatch(/ranges used/);
    expect(notes).toMatch(/transforms missing/);
    expect(notes).toMatch(/is_nuisance missing/);
    expect(notes).toMatch(/is_reference missing/);
  });

  it("2019 workflow file: max_power 2x1, 'ranges', no sampling_benchmarks", async () => {
    const f = corpus("madminer-2019-workflow-with-samples.h5");
    const s = await readSetup(f);
    expect(s.parameters.map((p) => p.maxPower)).toEqual([2, 2]);
    expect(s.parameters[0]!.range).toEqual([-10, 10]);
    expect(s.formatNotes!.join("\n")).toMatch(/max_power has shape 2x1/);
    expect(s.parameters.map((p) => p.maxPowers)).toEqual([[2], [2]]);
    const e = (await readEventsSummary(f))!;
    expect(e.nEvents).toBe(926);
    expect(e.hasSamplingBenchmarks).toBe(false);
    expect(e.formatNotes!.join("\n")).toMatch(/sampling_benchmarks and \/sample_summary missing/);
    let n = 0;
    for await (const b of readEventBatches(f)) {
      expect(Array.from(b.samplingBenchmarks).every((x) => x === -1)).toBe(true);
      n += b.n;
    }
    expect(n).toBe(926);
  });

  it("2024 files: matrix rebuilt from cs_basis makes every basis benchmark a unit vector", async () => {
    for (const name of ["madminer-2024-setup-ewdim6.h5", "madminer-2024-lhe_data_0-100ev.h5"]) {
      const s = await readSetup(corpus(name));
      expect(s.formatNotes!.join("\n")).toMatch(/cs_basis/);
      const { components, matrix } = s.morphing!;
      const C = components.length;
      // weights(theta_b) = matrixᵀ · componentWeights(theta_b) must be e_b; 1e-9 absolute
      // (the basis values are O(1), the matrix entries O(1); round-off is ~1e-15 × C²).
      for (let b = 0; b < C; b++) {
        const theta = s.benchmarks[b]!.values;
        const cw = components.map((e) => e.reduce((acc, k, p) => acc * theta[p]! ** k, 1));
        for (let j = 0; j < C; j++) {
          let w = 0;
          for (let c = 0; c < C; c++) w += matrix[c * C + j]! * cw[c]!;
          expect(Math.abs(w - (j === b ? 1 : 0))).toBeLessThan(1e-9);
        }
      }
    }
  });

  it("stored matrices of the other files also reproduce their basis as unit vectors", async () => {
    // 2018 file: 15 components with powers up to 4 and thetas of O(1); 1e-8 absolute.
    for (const f of [corpus("madminer-2018-setup-15benchmarks.h5"), corpus("madminer-2019-workflow-with-samples.h5"), ref("events.h5"), shared("reference", "real-lhe", "events.h5")]) {
      const s = await readSetup(f);
      const { components, matrix } = s.morphing!;
      const C = components.length;
      for (let b = 0; b < C; b++) {
        const theta = s.benchmarks[b]!.values;
        const cw = components.map((e) => e.reduce((acc, k, p) => acc * theta[p]! ** k, 1));
        for (let j = 0; j < C; j++) {
          let w = 0;
          for (let c = 0; c < C; c++) w += matrix[c * C + j]! * cw[c]!;
          expect(Math.abs(w - (j === b ? 1 : 0))).toBeLessThan(1e-8);
        }
      }
    }
  });

  it("every .h5 in reference/real-lhe opens, and its batches cover all events", async () => {
    const { readdirSync } = await import("node:fs");
    const files = readdirSync(shared("reference", "real-lhe")).filter((f) => f.endsWith(".h5"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const path = shared("reference", "real-lhe", f);
      const s = await readSetup(path);
      expect(s.formatNotes).toEqual([]);
      const e = await readEventsSummary(path);
      if (!e) continue;
      let n = 0;
      for await (const b of readEventBatches(path, { batchSize: 8192 })) n += b.n;
      expect(n).toBe(e.nEvents);
      expect(e.signalEvents.reduce((a, x) => a + x, 0) + e.backgroundEvents).toBe(e.nEvents);
    }
  });

  it("real-LHE events file and setup open", async () => {
    const e = (await readEventsSummary(shared("reference", "real-lhe", "events.h5")))!;
    expect(e.nEvents).toBe(20000);
    expect(e.observables.names).toContain("m_jj");
    const s = await readSetup(shared("reference", "real-lhe", "setup.h5"));
    expect(s.benchmarks).toHaveLength(6);
  });

  it("rejects a file that is not HDF5 with the file named", async () => {
    await expect(readSetup(corpus("madminer-workflow-training-samples-npy.tar.gz"))).rejects.toThrow(/madminer-workflow-training-samples-npy\.tar\.gz/);
  });
});
