import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  openEventsWriter,
  readEventBatches,
  readEventsSummary,
  readSetup,
  writeEvents,
  writeSetup,
  type MadMinerSetup,
} from "../dist/index.js";
import { debianPython, noShared, shared } from "../../../tools/test-support/shared.js";
import { h5walk, type Walk } from "./h5walk.js";

const dir = mkdtempSync(join(tmpdir(), "mm-hdf5-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const py = debianPython();

async function loadAll(path: string) {
  const setup = await readSetup(path);
  const summary = (await readEventsSummary(path))!;
  const N = summary.nEvents;
  const O = summary.observables.names.length;
  const B = setup.benchmarks.length;
  const obs = new Float64Array(N * O);
  const w = new Float64Array(N * B);
  const sb = new Int32Array(N);
  for await (const b of readEventBatches(path)) {
    obs.set(b.observations, b.start * O);
    w.set(b.weights, b.start * B);
    sb.set(b.samplingBenchmarks, b.start);
  }
  return { setup, summary, obs, w, sb };
}

/** Everything h5py reports must be identical, dataset by dataset (types, shapes, padding, layout, data bytes). */
function expectSameWalk(ours: Walk, theirs: Walk) {
  expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  for (const k of Object.keys(theirs)) expect({ path: k, ...ours[k] }).toEqual({ path: k, ...theirs[k] });
}

describe.skipIf(noShared())("Python-written file → @mm → h5py sees identical datasets", () => {
  it.skipIf(!py)("setup.h5 → readSetup → writeSetup", async () => {
    const out = join(dir, "setup.h5");
    await writeSetup(out, await readSetup(shared("reference", "setup.h5")));
    expectSameWalk(h5walk(py!, out), h5walk(py!, shared("reference", "setup.h5")));
  });

  it.skipIf(!py)("events.h5 → read → writeEvents", async () => {
    const src = shared("reference", "events.h5");
    const { setup, summary, obs, w, sb } = await loadAll(src);
    const out = join(dir, "events.h5");
    await writeEvents(out, setup, {
      observableNames: summary.observables.names,
      observableDefinitions: summary.observables.definitions,
      observations: obs,
      weights: w,
      samplingBenchmarks: sb,
      nEvents: summary.nEvents,
    });
    const ours = h5walk(py!, out);
    expectSameWalk(ours, h5walk(py!, src));
    expect(ours["/benchmarks/names"]).toMatchObject({ dtype: "|S256", strpad: 1, cset: 0, layout: 1, chunks: null });
    expect(ours["/sample_summary/background_events"]).toMatchObject({ shape: [], dtype: "<i8" });
    expect(ours.__superblock__).toBe(0);
  });

  it.skipIf(!py)("matches the machine walks layout.json / layout_setup.json (types, padding, charset, layout, shapes)", async () => {
    const { readFileSync } = await import("node:fs");
    for (const [layoutFile, ours] of [
      ["layout.json", join(dir, "events.h5")],
      ["layout_setup.json", join(dir, "setup.h5")],
    ] as const) {
      const layout = JSON.parse(readFileSync(shared("reference", layoutFile), "utf8")) as {
        entries: { path: string; kind: string; shape?: number[]; numpy_dtype?: string; layout?: string; chunks?: unknown; compression?: unknown; h5type?: { strpad?: string; cset?: string } }[];
      };
      const walk = h5walk(py!, ours);
      const paths = layout.entries.filter((e) => e.path !== "/").map((e) => e.path).sort();
      expect(Object.keys(walk).filter((k) => k.startsWith("/")).sort()).toEqual(paths);
      for (const e of layout.entries) {
        if (e.kind !== "dataset") continue;
        const w = walk[e.path]!;
        expect({ path: e.path, shape: w.shape, layout: w.layout, chunks: w.chunks, compression: w.compression, attrs: w.attrs }).toEqual({
          path: e.path,
          shape: e.shape,
          layout: e.layout === "contiguous" ? 1 : -1,
          chunks: e.chunks,
          compression: e.compression,
          attrs: 0,
        });
        const np = { int64: "<i8", float64: "<f8", "|S256": "|S256" }[e.numpy_dtype!];
        expect(w.dtype).toBe(np);
        if (e.h5type?.strpad) expect([e.path, w.strpad, w.cset]).toEqual([e.path, e.h5type.strpad === "NULLPAD" ? 1 : -1, e.h5type.cset === "ASCII" ? 0 : -1]);
      }
    }
  });

  it.skipIf(!py)("openEventsWriter in uneven batches writes the same file as writeEvents", async () => {
    const src = shared("reference", "events.h5");
    const { setup, summary } = await loadAll(src);
    const out = join(dir, "appended.h5");
    const writer = openEventsWriter(out, setup, { observableNames: summary.observables.names, observableDefinitions: summary.observables.definitions });
    for await (const b of readEventBatches(src, { batchSize: 12345 })) writer.append(b);
    expect(writer.nEvents).toBe(50000);
    await writer.close();
    expectSameWalk(h5walk(py!, out), h5walk(py!, src));
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]); // no spool or temp files left
  });

  it.skipIf(!py)("above contiguousLimitBytes the appending writer writes chunked datasets with the same values", async () => {
    const src = shared("reference", "events.h5");
    const { setup, summary } = await loadAll(src);
    const out = join(dir, "chunked.h5");
    const writer = openEventsWriter(out, setup, { observableNames: summary.observables.names, observableDefinitions: summary.observables.definitions }, { contiguousLimitBytes: 100_000 });
    for await (const b of readEventBatches(src, { batchSize: 9999 })) writer.append(b);
    await writer.close();
    const ours = h5walk(py!, out);
    const theirs = h5walk(py!, src);
    for (const k of ["/samples/observations", "/samples/weights", "/samples/sampling_benchmarks"]) {
      expect(ours[k]!.layout).toBe(2); // H5D_CHUNKED
      const { layout: _a, chunks: _b, ...rest } = ours[k]!;
      const { layout: _c, chunks: _d, ...want } = theirs[k]!;
      expect(rest).toEqual(want); // same dtype, shape and data bytes
    }
    expect(ours["/benchmarks/names"]).toEqual(theirs["/benchmarks/names"]);
  });

  it.skipIf(!py)("real-LHE events file (13 observables, 20000 events) round-trips identically", async () => {
    const src = shared("reference", "real-lhe", "events.h5");
    const { setup, summary, obs, w, sb } = await loadAll(src);
    const out = join(dir, "real.h5");
    await writeEvents(out, setup, { observableNames: summary.observables.names, observableDefinitions: summary.observables.definitions, observations: obs, weights: w, samplingBenchmarks: sb, nEvents: summary.nEvents });
    expectSameWalk(h5walk(py!, out), h5walk(py!, src));
  });
});

describe("optional groups and validation", () => {
  const setup: MadMinerSetup = {
    parameters: [
      { name: "a", lhaBlock: "dim6", lhaId: 2, maxPower: 2, range: [-1, 1], transform: "16.52*theta" },
      { name: "b", lhaBlock: "dim6", lhaId: 5, maxPower: 1, range: [-2, 2], transform: null },
    ],
    benchmarks: [
      { name: "sm", values: [0, 0], isNuisance: false, isReference: true },
      { name: "n_up", values: [0, 0], isNuisance: true, isReference: false },
    ],
    morphing: null,
    nuisance: [{ name: "nu0", systematic: "scale", benchmarkPositive: "n_up", benchmarkNegative: null }],
    systematics: [{ name: "scale", type: "scale", value: "2.0", scale: "mu" }, { name: "norm", type: "norm", value: "0.1", scale: null }],
    finiteDifferences: { baseBenchmarks: ["sm"], shiftedBenchmarks: [["sm_a", "sm_b"]], epsilon: 0.01 },
  };

  it("writes and reads nuisance_parameters, systematics, finite_differences", async () => {
    const out = join(dir, "optional.h5");
    await writeSetup(out, setup);
    const back = await readSetup(out);
    expect(back.parameters).toEqual(setup.parameters);
    expect(back.benchmarks).toEqual(setup.benchmarks);
    expect(back.nuisance).toEqual(setup.nuisance);
    expect(back.systematics).toEqual(setup.systematics);
    expect(back.finiteDifferences).toEqual(setup.finiteDifferences);
    if (py) {
      const walk = h5walk(py, out);
      expect(walk["/nuisance_parameters/benchmark_negative"]).toMatchObject({ dtype: "|S256", strpad: 1, value: ["None"] });
      expect(walk["/systematics/scales"]).toMatchObject({ value: ["mu", "None"] });
      // Python writes the finite-difference names without dtype="S256": h5py 3 makes them variable-length strings.
      expect(walk["/finite_differences/shifted_benchmarks"]).toMatchObject({ shape: [1, 2], dtype: "|O", vlen_string: ["ascii", null] });
      expect(walk["/finite_differences/base_benchmarks"]).toMatchObject({ shape: [1], dtype: "|O", value: ["sm"] });
      expect(walk["/finite_differences/epsilon"]).toMatchObject({ shape: [], dtype: "<f8", value: 0.01 });
      expect(walk["/parameters/transforms"]).toMatchObject({ value: ["16.52*theta", "_"] });
    }
  });

  it.skipIf(!py)("equals, dataset by dataset, the file h5py writes with Python MadMiner's calls", async () => {
    const ours = join(dir, "optional-ours.h5");
    const theirs = join(dir, "optional-py.h5");
    await writeSetup(ours, setup);
    // The h5py calls of madminer/utils/interfaces/hdf5.py (v0.9.6+), with the same content.
    const code = `import h5py, sys
e = lambda l: [s.encode("ascii", "ignore") for s in l]
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("parameters/names", data=e(["a", "b"]), dtype="S256")
    f.create_dataset("parameters/lha_blocks", data=e(["dim6", "dim6"]), dtype="S256")
    f.create_dataset("parameters/lha_ids", data=[2, 5])
    f.create_dataset("parameters/max_power", data=[2, 1])
    f.create_dataset("parameters/val_ranges", data=[(-1.0, 1.0), (-2.0, 2.0)])
    f.create_dataset("parameters/transforms", data=e(["16.52*theta", "_"]), dtype="S256")
    f.create_dataset("benchmarks/names", data=e(["sm", "n_up"]), dtype="S256")
    f.create_dataset("benchmarks/values", data=[[0.0, 0.0], [0.0, 0.0]])
    f.create_dataset("benchmarks/is_nuisance", data=[0, 1])
    f.create_dataset("benchmarks/is_reference", data=[1, 0])
    f.create_dataset("finite_differences/base_benchmarks", data=e(["sm"]))
    f.create_dataset("finite_differences/shifted_benchmarks", data=[e(["sm_a", "sm_b"])])
    f.create_dataset("finite_differences/epsilon", data=0.01)
    f.create_dataset("systematics/names", data=e(["scale", "norm"]), dtype="S256")
    f.create_dataset("systematics/types", data=e(["scale", "norm"]), dtype="S256")
    f.create_dataset("systematics/values", data=["2.0", "0.1"], dtype="S256")
    f.create_dataset("systematics/scales", data=e(["mu", "None"]), dtype="S256")
    f.create_dataset("nuisance_parameters/names", data=e(["nu0"]), dtype="S256")
    f.create_dataset("nuisance_parameters/systematics", data=e(["scale"]), dtype="S256")
    f.create_dataset("nuisance_parameters/benchmark_positive", data=e(["n_up"]), dtype="S256")
    f.create_dataset("nuisance_parameters/benchmark_negative", data=e(["None"]), dtype="S256")
`;
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(py!, ["-c", code, theirs], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expectSameWalk(h5walk(py!, ours), h5walk(py!, theirs));
  });

  it("drops non-ASCII characters as numpy's astype('S256') does", async () => {
    const out = join(dir, "ascii.h5");
    await writeSetup(out, { ...setup, parameters: [{ ...setup.parameters[0]!, name: "ĉa" }, setup.parameters[1]!] });
    expect((await readSetup(out)).parameters[0]!.name).toBe("a");
  });

  it("rejects inconsistent setups with the problem named, and leaves no file", async () => {
    const out = join(dir, "bad.h5");
    await expect(writeSetup(out, { ...setup, benchmarks: [{ ...setup.benchmarks[0]!, values: [1] }] })).rejects.toThrow(/benchmark 'sm' has 1 values, expected 2/);
    await expect(writeSetup(out, { ...setup, parameters: [setup.parameters[0]!, setup.parameters[0]!] })).rejects.toThrow(/parameter name 'a' is used twice/);
    await expect(
      writeEvents(out, { ...setup, finiteDifferences: undefined }, { observableNames: ["x"], observations: new Float64Array(2), weights: new Float64Array(4), samplingBenchmarks: Int32Array.of(0, 7), nEvents: 2 }),
    ).rejects.toThrow(/sampling benchmark 7 of event 1/);
    expect(readdirSync(dir).filter((f) => f.startsWith("bad") || f.startsWith(".bad"))).toEqual([]);
  });
});
