import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSetup, writeSetup } from "@mm/hdf5";
import { MadMiner, pythonFloatString } from "../dist/index.js";
import { debianPython } from "../../../tools/test-support/shared.js";

const dir = mkdtempSync(join(tmpdir(), "mm-core-x-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function twoParams(): MadMiner {
  const mm = new MadMiner();
  mm.onWarning = () => {};
  mm.addParameter({ lhaBlock: "dim6", lhaId: 2, parameterName: "a b", morphingMaxPower: 2, parameterRange: [-1, 1] });
  mm.addParameter({ lhaBlock: "dim6", lhaId: 5, parameterName: "c-d", morphingMaxPower: 2, parameterRange: [-1, 1] });
  return mm;
}

describe("Python's str(float)", () => {
  const xs = [1, 0.5, 2, 1.1, 0.1, 1e-5, 1.5e-4, 1e-4, 123456789.123, 1e16, 1.2345e17, 1e22, -3, -0.25, 1 / 3, 5e-324, 1.7976931348623157e308];
  it.skipIf(!debianPython())("equals python3 for a range of magnitudes", () => {
    const r = spawnSync(debianPython()!, ["-c", `import sys, json; print(json.dumps([str(float(x)) for x in json.loads(sys.argv[1])]))`, JSON.stringify(xs)], { encoding: "utf8" });
    expect(xs.map(pythonFloatString)).toEqual(JSON.parse(r.stdout));
  });
  it("known cases", () => {
    expect([1, 0.5, 1e-5, 1e16].map(pythonFloatString)).toEqual(["1.0", "0.5", "1e-05", "1e+16"]);
  });
});

describe("MadMiner extras", () => {
  it("parameter names: spaces and dashes become underscores, as Python", () => {
    expect(twoParams().parameters.map((p) => p.name)).toEqual(["a_b", "c_d"]);
  });

  it("addSystematics stores type, value and scale as Python does; save/load keeps them", async () => {
    const mm = twoParams();
    mm.addBenchmark([0, 0], "sm");
    mm.addSystematics("norm", { normVariation: 1.1 });
    mm.addSystematics("scale", { scale: "mur" });
    mm.addSystematics("pdf", { systematicName: "my pdf" });
    mm.addSystematics("norm");
    expect(mm.systematics).toEqual([
      { name: "norm_0", type: "norm", value: "1.1", scale: null },
      { name: "scale_0", type: "scale", value: "0.5,1.0,2.0", scale: "mur" },
      { name: "my_pdf", type: "pdf", value: "CT10", scale: null },
      { name: "norm_1", type: "norm", value: "1.1", scale: null },
    ]);
    expect(() => mm.addSystematics("scale", { scale: "x" as "mu" })).toThrow(/scale must be/);
    const out = join(dir, "syst.h5");
    await mm.save(out);
    expect((await readSetup(out)).systematics).toEqual(mm.systematics);
    expect((await MadMiner.fromFile(out)).systematics).toEqual(mm.systematics);
  });

  it("finiteDifferences adds <b>_plus_<p> benchmarks shifted by epsilon and records them", async () => {
    const mm = twoParams();
    mm.addBenchmark([0, 0], "sm");
    mm.addBenchmark([0.5, -0.5], "w");
    mm.finiteDifferences(0.01);
    expect(mm.benchmarks.map((b) => [b.name, ...b.values])).toEqual([
      ["sm", 0, 0],
      ["w", 0.5, -0.5],
      ["sm_plus_a_b", 0.01, 0],
      ["sm_plus_c_d", 0, 0.01],
      ["w_plus_a_b", 0.51, -0.5],
      ["w_plus_c_d", 0.5, -0.49],
    ]);
    expect(mm.finiteDifferenceBenchmarks).toEqual({ baseBenchmarks: ["sm", "w"], shiftedBenchmarks: [["sm_plus_a_b", "sm_plus_c_d"], ["w_plus_a_b", "w_plus_c_d"]], epsilon: 0.01 });
    const out = join(dir, "fd.h5");
    await mm.save(out);
    expect((await MadMiner.fromFile(out)).finiteDifferenceBenchmarks).toEqual(mm.finiteDifferenceBenchmarks);
  });

  it("setMorphing without the existing benchmarks puts them after the optimised basis", () => {
    const mm = twoParams();
    mm.addBenchmark([0.3, 0.3], "extra");
    mm.setMorphing({ maxOverallPower: 2, includeExistingBenchmarks: false, seed: 7, nTrials: 4, nTestThetas: 10 });
    const names = mm.benchmarks.map((b) => b.name);
    expect(names).toEqual([...Array.from({ length: 6 }, (_, i) => `morphing_basis_vector_${i}`), "extra"]);
  });

  it("load drops nuisance benchmarks and nuisance parameters, as Python's load", async () => {
    const path = join(dir, "nuis.h5");
    await writeSetup(path, {
      parameters: [{ name: "a", lhaBlock: "dim6", lhaId: 2, maxPower: 2, range: [-1, 1], transform: null }],
      benchmarks: [
        { name: "sm", values: [0], isNuisance: false, isReference: true },
        { name: "nu_up", values: [0], isNuisance: true, isReference: false },
      ],
      morphing: null,
      nuisance: [{ name: "nu", systematic: "s", benchmarkPositive: "nu_up", benchmarkNegative: null }],
    });
    const mm = await MadMiner.fromFile(path);
    expect(mm.benchmarks.map((b) => b.name)).toEqual(["sm"]);
    const out = join(dir, "nuis-saved.h5");
    await mm.save(out);
    const back = await readSetup(out);
    expect(back.nuisance).toBeUndefined();
    expect(back.benchmarks.map((b) => b.name)).toEqual(["sm"]);
  });
});
