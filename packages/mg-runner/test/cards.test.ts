// Card writers compared byte for byte with cards MadMiner and MadGraph really wrote
// (../shared/corpus/cards and ../shared/corpus/madgraph), read in place.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSetup } from "@mm/hdf5";
import { MadMiner } from "@mm/core";
import { InputError } from "@mm/util";
import {
  explicitLaunchCommands,
  madminerLaunchCommands,
  masterScript,
  pythonFloat,
  runScript,
  systematicsArguments,
  writeParamCard,
  writePythia8Card,
  writeReweightCard,
  writeRunCard,
  type CardSetup,
} from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";

const card = (name: string) => readFileSync(shared("corpus", "cards", name), "utf8");
const WBF = (...p: string[]) => shared("corpus", "madgraph", "wbf_h_aa_ewdim6", ...p);

describe("pythonFloat = Python's repr(float)", () => {
  // Values and strings printed by CPython 3.11 repr().
  const cases: [number, string][] = [
    [0.0, "0.0"], [-0.0, "-0.0"], [1.0, "1.0"], [251.10399999999998, "251.10399999999998"], [1.6520000000000001, "1.6520000000000001"],
    [1e16, "1e+16"], [1e15, "1000000000000000.0"], [1.2345678901234568e17, "1.2345678901234568e+17"], [1e-5, "1e-05"], [0.0001, "0.0001"],
    [1.5e-7, "1.5e-07"], [-2.5, "-2.5"], [1 / 3, "0.3333333333333333"], [1e22, "1e+22"], [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"], [100.0, "100.0"], [0.1 + 0.2, "0.30000000000000004"], [-254.408, "-254.408"], [12345.678, "12345.678"],
  ];
  for (const [v, s] of cases) it(`${s}`, () => expect(pythonFloat(v)).toBe(s));
});

describe.skipIf(noShared())("cards of a real MadMiner run (konda signal_0, MadMiner-generated)", () => {
  const setupFile = shared("corpus", "madminer-h5", "madminer-2024-setup-ewdim6.h5");

  it("param card: tutorial template + benchmark SM equals param_card_0.dat byte for byte", async () => {
    const setup = await readSetup(setupFile);
    const out = writeParamCard(card("madminer-tutorial-param_card_template.dat"), setup, "SM");
    expect(out).toBe(card("konda-signal0-madminer-param_card_0.dat"));
  });

  it("a @mm/core MadMiner is accepted as the setup", async () => {
    const madminer = await MadMiner.fromFile(setupFile);
    expect(writeReweightCard(madminer, "SM")).toBe(card("konda-signal0-madminer-reweight_card_0.dat"));
    expect(writeParamCard(card("madminer-tutorial-param_card_template.dat"), madminer, "SM")).toBe(card("konda-signal0-madminer-param_card_0.dat"));
  });

  it("reweight card for sampling benchmark SM equals reweight_card_0.dat byte for byte", async () => {
    const setup = await readSetup(setupFile);
    expect(writeReweightCard(setup, "SM")).toBe(card("konda-signal0-madminer-reweight_card_0.dat"));
  });

  it("run card: MadMiner's systematics block equals run_card_0.dat byte for byte", () => {
    // konda's template differs from the tutorial card in the nevents and iseed lines only (user edits).
    const lines = card("madminer-tutorial-run_card_signal_small.dat").split("\n");
    const konda = card("konda-signal0-madminer-run_card_0.dat");
    const kondaLines = konda.split("\n");
    lines[32] = kondaLines[32];
    lines[33] = kondaLines[33];
    expect(writeRunCard(lines.join("\n"))).toBe(konda);
  });

  it("launch commands equal mg_commands_0.dat byte for byte", () => {
    expect(madminerLaunchCommands({ processDirectory: "$mgprocdir", shower: false, reweight: true })).toBe(card("konda-signal0-madminer-mg_commands_0.dat"));
  });

  it("per-run script and master script in MadMiner style equal scripts/run_0.sh and run.sh", () => {
    const script = runScript({
      style: "madminer",
      index: 0,
      runCard: "madminer/cards/run_card_0.dat",
      paramCard: "madminer/cards/param_card_0.dat",
      reweightCard: "madminer/cards/reweight_card_0.dat",
      commandsFile: "madminer/cards/mg_commands_0.dat",
      initialCommand: "export PATH=/opt/environment/bin:$PATH",
      pythonExecutable: "python3",
      logFile: "run_0.log",
    });
    expect(script).toBe(card("konda-signal0-madminer-scripts-run_0.sh"));
    const master = masterScript(1, "madminer", { mgDirectory: "/opt/MG5_aMC_v3_5_3", processDirectory: "./mg_processes/signal_0", logDirectory: "logs/signal_0" });
    expect(master).toBe(card("konda-signal0-madminer-run.sh"));
  });
});

describe.skipIf(noShared())("cards of the real MadGraph 3.5.7 runs (wbf_h_aa_ewdim6)", () => {
  // The tutorial setup (reference/real-lhe/setup.h5) plus the two validation points of benchmarks.json.
  async function wbfSetup(): Promise<CardSetup> {
    const setup = await readSetup(shared("reference", "real-lhe", "setup.h5"));
    const json = JSON.parse(readFileSync(WBF("run_01_sampled_sm", "benchmarks.json"), "utf8"));
    const benchmarks = setup.benchmarks.map((b) => ({ name: b.name, values: b.values }));
    for (const name of ["val_1", "val_2"]) benchmarks.push({ name, values: [json.benchmarks[name].theta.CWL2, json.benchmarks[name].theta.CPWL2] });
    return { parameters: setup.parameters, benchmarks };
  }

  for (const [run, sample] of [["run_01_sampled_sm", "sm"], ["run_02_sampled_morphing_basis_vector_5", "morphing_basis_vector_5"]]) {
    it(`${run}: reweight card equals the real one line by line (compact numbers), values to 1e-15 (Python repr)`, async () => {
      const setup = await wbfSetup();
      // The corpus card ends with one extra newline; compare line by line without trailing empty lines.
      const trim = (l: string[]) => (l[l.length - 1] === "" ? trim(l.slice(0, -1)) : l);
      const real = trim(readFileSync(WBF(run, "reweight_card.dat"), "utf8").split("\n"));
      const compact = trim(writeReweightCard(setup, sample, { numberFormat: "compact" }).split("\n"));
      // Only the first comment line differs: the corpus card names its origin differently.
      expect(compact.slice(1)).toEqual(real.slice(1));
      expect(compact[0]).toBe("# Reweight card generated by MadMiner");
      // MadMiner's own formatting (repr of 16.52*theta) differs only in the last digits.
      const python = trim(writeReweightCard(setup, sample).split("\n"));
      expect(python.length).toBe(real.length);
      python.forEach((line, k) => {
        if (k === 0) return;
        const m = /^(  set dim6 \d) (\S+)$/.exec(line);
        if (!m) return expect(line).toBe(real[k]);
        const r = /^(  set dim6 \d) (\S+)$/.exec(real[k])!;
        expect(m[1]).toBe(r[1]);
        expect(Math.abs(Number(m[2]) - Number(r[2]))).toBeLessThanOrEqual(1e-15 * Math.abs(Number(r[2])) + 1e-300);
      });
    });
  }

  it("param card values at dim6 2 and 5 equal the card MadGraph used (run_02)", async () => {
    const setup = await wbfSetup();
    const out = writeParamCard(card("madminer-tutorial-param_card_template.dat"), setup, "morphing_basis_vector_5", { numberFormat: "compact" });
    expect(out).toContain("\n    2    -201.544    # MadMiner\n");
    expect(out).toContain("\n    5    211.456    # MadMiner\n");
    const used = readFileSync(WBF("run_02_sampled_morphing_basis_vector_5", "param_card_used.dat"), "utf8");
    expect(Number(/\n\s+2 (\S+) # cwl2/.exec(used)![1])).toBeCloseTo(-201.544, 9);
    expect(Number(/\n\s+5 (\S+) # cpwl2/.exec(used)![1])).toBeCloseTo(211.456, 9);
    // MadGraph's own card (upper-case "BLOCK DIM6 # ") works as a template too: exactly two lines change.
    const again = writeParamCard(used, setup, "sm").split("\n");
    const before = used.split("\n");
    const changed = before.map((l, k) => (l === again[k] ? -1 : k)).filter((k) => k >= 0 && k < again.length);
    expect(changed).toEqual([8, 11]);
    expect([again[8], again[11]]).toEqual(["    2    0.0    # MadMiner", "    5    0.0    # MadMiner"]);
  });

  // Issue 6, "Done means": the param card written for each run's sampling benchmark equals, line
  // by line, the param card MadGraph used for that run. The template is the OTHER run's card, so
  // every benchmark value must really be written (a writer that changes nothing would fail: the
  // two real cards differ in dim6 2 and 5). Lines the writer replaces ("# MadMiner") are compared
  // by (block, id) and value to 1e-12 relative (MadGraph prints %e with 7 digits, the values are
  // 16.52·theta with ≤ 6 significant digits, so they are exact up to the decimal→binary rounding);
  // every other line must be byte-identical, except one comment whose whitespace MadGraph itself
  // printed differently in the two runs ("BLOCK QNUMBERS 9000006 #  h1" vs "#   h1").
  for (const [run, sample, other] of [
    ["run_01_sampled_sm", "sm", "run_02_sampled_morphing_basis_vector_5"],
    ["run_02_sampled_morphing_basis_vector_5", "morphing_basis_vector_5", "run_01_sampled_sm"],
  ]) {
    it(`${run}: param card from the other run's card as template equals param_card_used.dat line by line`, async () => {
      const setup = await wbfSetup();
      const trim = (l: string[]) => (l[l.length - 1] === "" ? trim(l.slice(0, -1)) : l);
      const real = trim(readFileSync(WBF(run, "param_card_used.dat"), "utf8").split("\n"));
      const template = readFileSync(WBF(other, "param_card_used.dat"), "utf8");
      for (const format of ["python", "compact"] as const) {
        const out = trim(writeParamCard(template, setup, sample, { numberFormat: format }).split("\n"));
        expect(out.length).toBe(real.length);
        const written: number[] = [];
        const commentOnly: number[] = [];
        out.forEach((line, k) => {
          if (line.endsWith("# MadMiner")) {
            written.push(k);
            const [id, value] = line.split("#")[0].trim().split(/\s+/).map(Number);
            const [rid, rvalue] = real[k].split("#")[0].trim().split(/\s+/).map(Number);
            expect(id).toBe(rid);
            expect(Math.abs(value - rvalue)).toBeLessThanOrEqual(1e-12 * Math.abs(rvalue));
          } else if (line !== real[k]) {
            expect(line.split("#")[0]).toBe(real[k].split("#")[0]);
            expect(line.replace(/\s+/g, " ")).toBe(real[k].replace(/\s+/g, " "));
            commentOnly.push(k);
          }
        });
        // dim6 2 and dim6 5 (lines 9 and 12 of the file), nothing else.
        expect(written).toEqual([8, 11]);
        expect(commentOnly.map((k) => out[k])).toEqual(commentOnly.length ? [out[85]] : []);
        expect(out[85]).toMatch(/^BLOCK QNUMBERS 9000006 # +h1$/);
      }
    });
  }

  it("explicit launch commands equal cards/launch_run01.mg5 byte for byte", () => {
    const sets = Array.from({ length: 8 }, (_, k) => `set dim6 ${k + 1} 0.0`);
    const out = explicitLaunchCommands({
      processDirectory: "<scratch>/mg/run1/proc",
      runName: "run_01",
      reweight: true,
      cards: ["<scratch>/mg/run1/run_card.dat", "<scratch>/mg/run1/reweight_card.dat"],
      sets,
    });
    expect(out).toBe(readFileSync(WBF("cards", "launch_run01.mg5"), "utf8"));
  });
});

describe.skipIf(noShared())("param card details", () => {
  const template = () => card("madminer-tutorial-param_card_template.dat");
  const base = { parameters: [{ name: "a", lhaBlock: "DIM6", lhaId: 2, transform: "2*theta" }], benchmarks: [{ name: "b", values: [1.5] }] };
  it("block names match in any case; only the one line changes", () => {
    const t = template();
    const out = writeParamCard(t, base, "b");
    const a = t.split("\n");
    const b = out.split("\n");
    const changed = a.map((l, k) => (l === b[k] ? -1 : k)).filter((k) => k >= 0 && k < b.length);
    expect(changed).toEqual([15]);
    expect(b[15]).toBe("    2    3.0    # MadMiner");
  });
  it("values by parameter name, DECAY entries, and blocks with a scale (Q=)", () => {
    const t = "Block dim6 Q= 91.188\n    2 0.0 # x\nBLOCK QNUMBERS 9000006 # h1\n    1 0\nDECAY 25 4.07e-03 # WH\n";
    const setup = {
      parameters: [
        { name: "c", lhaBlock: "dim6", lhaId: 2 },
        { name: "w", lhaBlock: "decay", lhaId: 25 },
      ],
      benchmarks: [{ name: "b", values: { c: 0.5, w: 0.004 } }],
    };
    expect(writeParamCard(t, setup, "b")).toBe("Block dim6 Q= 91.188\n    2    0.5    # MadMiner\nBLOCK QNUMBERS 9000006 # h1\n    1 0\ndecay    25    0.004    # MadMiner");
  });
  it("multi-index blocks are never touched", () => {
    const t = "Block mix\n  1 2 0.5\n  2 0.1\n";
    const out = writeParamCard(t, { parameters: [{ name: "m", lhaBlock: "mix", lhaId: 2 }], benchmarks: [{ name: "b", values: [7] }] }, "b");
    expect(out).toBe("Block mix\n  1 2 0.5\n    2    7.0    # MadMiner");
  });
  it("a missing (block, id) is an InputError naming the parameter", () => {
    const setup = { parameters: [{ name: "zz", lhaBlock: "dim6", lhaId: 42 }], benchmarks: [{ name: "b", values: [1] }] };
    expect(() => writeParamCard(template(), setup, "b")).toThrow(InputError);
    expect(() => writeParamCard(template(), setup, "b")).toThrow(/block 'dim6' entry 42 \(parameter 'zz'\)/);
    expect(() => writeParamCard(template(), setup, "nope")).toThrow(/unknown benchmark 'nope'; the setup has: b/);
  });
  it("a bad transform is an InputError naming the parameter", () => {
    const setup = { parameters: [{ name: "a", lhaBlock: "dim6", lhaId: 2, transform: "__import__('os')" }], benchmarks: [{ name: "b", values: [1] }] };
    expect(() => writeParamCard(template(), setup, "b")).toThrow(/param_card_transform of parameter 'a'/);
  });
});

describe.skipIf(noShared())("run card edits", () => {
  const template = () => card("madminer-systematics-example-run_card.dat");
  it("nevents, iseed and event_norm change in place; nothing else changes", () => {
    const t = template();
    const out = writeRunCard(t, { nevents: 5000, iseed: 42, eventNorm: "average" });
    const a = t.split("\n");
    const b = out.split("\n");
    expect(b[30]).toBe("5000 = nevents ! Number of unweighted events requested");
    expect(b[31]).toBe("  42    = iseed   ! rnd seed (0=assigned automatically=default))");
    expect(b[65]).toBe("  average =  event_norm       ! average/sum. Normalization of the weight in the LHEF");
    const changed = a.map((l, k) => (l === b[k] ? -1 : k)).filter((k) => k >= 0);
    // nevents, iseed, event_norm, and the three systematics lines commented out.
    expect(changed).toEqual([30, 31, 65, 276, 278, 279]);
  });
  it("systematics_arguments is a proper list of strings (madminer#523)", () => {
    const systematics = [
      { name: "mu", type: "scale", value: "0.5,1,2", scale: "mu" },
      { name: "pdf", type: "pdf", value: "errorset", scale: null },
      { name: "lumi", type: "norm", value: "0.1", scale: null },
    ];
    expect(systematicsArguments(systematics)).toBe("['--mur=0.5,1,2', '--muf=0.5,1,2', '--together=mur,muf', '--dyn=-1', '--pdf=errorset']");
    const out = writeRunCard(template(), { systematics });
    expect(out.endsWith("#*********************************************************************\nTrue = use_syst\nsystematics = systematics_program\n['--mur=0.5,1,2', '--muf=0.5,1,2', '--together=mur,muf', '--dyn=-1', '--pdf=errorset'] = systematics_arguments\n")).toBe(true);
    expect(() => systematicsArguments([{ name: "p", type: "pdf", value: "b'errorset'" }])).toThrow(/bytes repr/);
    expect(() => systematicsArguments([{ name: "a", type: "scale", value: "2", scale: "mu" }, { name: "b", type: "scale", value: "2", scale: "mur" }])).toThrow(/more than one/);
  });
});

describe.skipIf(noShared())("pythia8 card", () => {
  it("sets keys in place (any case), keeps comments, appends new keys", () => {
    const t = card("madminer-tutorial-pythia8_card.dat");
    const out = writePythia8Card(t, { "main:numberOfEvents": 500, "Random:setSeed": true });
    expect(out).toContain("\nMain:numberOfEvents      = 500\n");
    expect(out.endsWith("Random:setSeed = on\n")).toBe(true);
    expect(out.split("\n").length).toBe(t.split("\n").length + 1);
    expect(writePythia8Card(t)).toBe(t);
  });
});
