// LHEReader behaviour on small files the test writes itself: weight mapping, strictness,
// cuts, efficiencies, event_norm, negative weights, background broadcast.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError, FormatError } from "@mm/util";
import { readEventsSummary, type MadMinerSetup } from "@mm/hdf5";
import { LHEReader } from "../src/index.js";
import { lheText, tempDir, writeLhe, vbfLikeParticles } from "./lhe-synthetic.js";

const dir = tempDir();

function setup(names = ["sm", "bsm", "bsm2"]): MadMinerSetup {
  return {
    parameters: [{ name: "c", lhaBlock: "dim6", lhaId: 2, maxPower: 2, range: [-1, 1], transform: null }],
    benchmarks: names.map((name, i) => ({ name, values: [i], isNuisance: false, isReference: i === 0 })),
    morphing: null,
  };
}

function reader(): LHEReader {
  const r = new LHEReader(setup());
  r.addObservable("pt_j1", "j[0].pt", { required: true });
  r.addObservable("m_aa", "(a[0] + a[1]).m", { required: true });
  r.addObservable("pt_j3", "j[2].pt", { default: -1 });
  return r;
}

const quiet = { onWarning: () => {} };

describe("LHEReader weights", () => {
  it("maps XWGTUP to the sampling benchmark and <wgt id> to the others, whatever their order in each event", async () => {
    const events = [
      { weight: 1.5, wgts: [["bsm", 2.5], ["bsm2", 3.5], ["extra", 9]] as [string, number][], particles: vbfLikeParticles(0) },
      { weight: 1.25, wgts: [["bsm2", 3.25], ["bsm", 2.25], ["extra", 9]] as [string, number][], particles: vbfLikeParticles(1) },
    ];
    const f = writeLhe(dir, "signal.lhe", lheText(events, { weightIds: ["bsm", "bsm2", "extra"], eventNorm: "sum" }));
    const r = reader();
    r.addSample(f, "sm");
    const [rep] = await r.analyseSamples(quiet);
    expect(Array.from(r.events.weights)).toEqual([1.5, 2.5, 3.5, 1.25, 2.25, 3.25]);
    expect(Array.from(r.events.samplingBenchmarks)).toEqual([0, 0]);
    expect(rep.crossSections).toEqual([2.75, 4.75, 6.75]);
    // pt_j3 is not defined (2 jets): default; pt_j1 is the leading jet's pt.
    const o = r.events.observations;
    expect(o[2]).toBe(-1);
    expect(o[0]).toBeCloseTo(Math.hypot(60, 10), 12);
    expect(rep.observablesUndefined).toEqual([0, 0, 2]);
  });

  it("a signal file lacking declared benchmarks fails at parse time, naming them", async () => {
    const f = writeLhe(dir, "missing.lhe", lheText([{ weight: 1, wgts: [["bsm", 2]], particles: vbfLikeParticles(0) }], { weightIds: ["bsm"], eventNorm: "sum" }));
    const r = reader();
    r.addSample(f, "sm");
    const err = await r.analyseSamples(quiet).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(f);
    expect(err.message).toMatch(/lacks weights for benchmark\(s\) bsm2: its <initrwgt> declares bsm/);
  });

  it("a file without <initrwgt> whose events lack a benchmark fails at the first event, naming it", async () => {
    const f = writeLhe(dir, "missing2.lhe", lheText([{ weight: 1, wgts: [["bsm", 2]], particles: vbfLikeParticles(0) }], { eventNorm: "sum" }));
    const r = reader();
    r.addSample(f, "sm");
    await expect(r.analyseSamples(quiet)).rejects.toThrow(/event 1 \(line \d+\) .* lacks weights for benchmark\(s\) bsm2/);
  });

  it("the same file as background gives its nominal weight to every benchmark", async () => {
    const f = writeLhe(dir, "bkg.lhe", lheText([{ weight: 0.75, wgts: [["bsm", 2]], particles: vbfLikeParticles(0) }], { weightIds: ["bsm"], eventNorm: "sum" }));
    const r = reader();
    r.addSample(f, "sm", { isBackground: true, kFactor: 2 });
    await r.analyseSamples(quiet);
    expect(Array.from(r.events.weights)).toEqual([1.5, 1.5, 1.5]);
    expect(Array.from(r.events.samplingBenchmarks)).toEqual([-1]);
  });

  it("converts event_norm = average by dividing by the run card's nevents", async () => {
    const f = writeLhe(dir, "avg.lhe", lheText([{ weight: 8, particles: vbfLikeParticles(0) }], { eventNorm: "average", nevents: 4 }));
    const r = reader();
    r.addSample(f, "sm", { isBackground: true });
    const [rep] = await r.analyseSamples(quiet);
    expect(rep.eventNorm).toBe("average");
    expect(Array.from(r.events.weights)).toEqual([2, 2, 2]);
    const g = writeLhe(dir, "unity.lhe", lheText([{ weight: 1, particles: vbfLikeParticles(0) }], { eventNorm: "unity" }));
    const r2 = reader();
    r2.addSample(g, "sm", { isBackground: true });
    await expect(r2.analyseSamples(quiet)).rejects.toThrow(FormatError);
  });

  it("counts and reports negative weights", async () => {
    const evs = [-1, 2, -3].map((w, k) => ({ weight: w, wgts: [["bsm", 1], ["bsm2", 1]] as [string, number][], particles: vbfLikeParticles(k) }));
    const f = writeLhe(dir, "neg.lhe", lheText(evs, { weightIds: ["bsm", "bsm2"], eventNorm: "sum" }));
    const r = reader();
    r.addSample(f, "sm");
    const warnings: string[] = [];
    const [rep] = await r.analyseSamples({ onWarning: (m) => warnings.push(m) });
    expect(rep.eventsWithNegativeWeights).toBe(2);
    expect(warnings.some((w) => w.includes(f) && w.includes("2 of 3 events have negative weights"))).toBe(true);
  });
});

describe("LHEReader cuts, efficiencies, output", () => {
  it("all events failing cuts in one file: a warning naming it, the other file still processed, a valid output", async () => {
    const mk = (name: string, shift: number) =>
      writeLhe(dir, name, lheText([0, 1, 2].map((k) => ({ weight: 1, wgts: [["bsm", 2], ["bsm2", 3]] as [string, number][], particles: vbfLikeParticles(k + shift) })), { weightIds: ["bsm", "bsm2"], eventNorm: "sum" }));
    const a = mk("cut_a.lhe", 0);
    const b = mk("cut_b.lhe", 100);
    const r = reader();
    r.addSample(a, "sm");
    r.addSample(b, "sm");
    r.addCut("pt_j1 > 100"); // file a has pt_j1 ≈ 61..63 (all fail); file b ≈ 160..162 (all pass)
    r.addCut("len(j) >= 2 and m_aa > 0");
    const warnings: string[] = [];
    const reps = await r.analyseSamples({ onWarning: (m) => warnings.push(m) });
    expect(reps.map((x) => x.eventsPassed)).toEqual([0, 3]);
    expect(reps[0].cutsFailed).toEqual([3, 0]);
    expect(warnings.some((w) => w.startsWith(a) && w.includes("all 3 events fail") && w.endsWith("cut 'pt_j1 > 100' never passes"))).toBe(true);
    const out = join(dir, "cut_events.h5");
    await r.save(out, { seed: 1 });
    const summary = await readEventsSummary(out);
    expect(summary?.nEvents).toBe(3);
    expect(summary?.signalEvents).toEqual([3, 0, 0]);
    expect(summary?.observables.names).toEqual(["pt_j1", "m_aa", "pt_j3"]);
  });

  it("efficiencies multiply the weights; a cut that cannot be evaluated follows its required flag", async () => {
    const f = writeLhe(dir, "eff.lhe", lheText([{ weight: 1, wgts: [["bsm", 2], ["bsm2", 4]], particles: vbfLikeParticles(0) }], { weightIds: ["bsm", "bsm2"], eventNorm: "sum" }));
    const r = reader();
    r.addSample(f, "sm");
    r.addEfficiency("0.5");
    r.addEfficiency("j[5].pt", { valueIfNotDefined: 0.5 });
    r.addCut("j[3].pt > 0"); // not defined; not required → passes
    await r.analyseSamples(quiet);
    expect(Array.from(r.events.weights)).toEqual([0.25, 0.5, 1]);
    r.resetCuts();
    r.addCut("j[3].pt > 0", { required: true });
    const [rep] = await r.analyseSamples(quiet);
    expect(rep.eventsPassed).toBe(0);
  });

  it("rejects cuts with unknown names and bad expressions with a clear message", async () => {
    const r = reader();
    expect(() => r.addObservable("x", "j[0].pt +")).toThrow(/observable 'x'/);
    expect(() => r.addObservable("y", "__import__('os')")).toThrow(InputError);
    const f = writeLhe(dir, "names.lhe", lheText([{ weight: 1, wgts: [["bsm", 2], ["bsm2", 4]], particles: vbfLikeParticles(0) }], { weightIds: ["bsm", "bsm2"] }));
    r.addSample(f, "sm");
    r.addCut("ptj1 > 3");
    await expect(r.analyseSamples(quiet)).rejects.toThrow(/unknown name\(s\) ptj1/);
  });

  it("an unknown attribute is rejected when the observable is added, naming it and the known ones", () => {
    const r = reader();
    expect(() => r.addObservable("bad", "j[0].foo")).toThrow(/observable 'bad': expression error at column 6: unknown attribute 'foo'; attributes: pt, eta, phi, /);
    expect(() => r.addObservable("bad2", "j[0].deltaphi")).toThrow(/'deltaphi' is a method/);
    expect(() => r.addObservable("bad3", "j[0].pt(1)")).toThrow(/'pt' is an attribute and takes no arguments/);
    expect(() => r.addObservable("old_style", "j[0].pt()")).not.toThrow(); // scikit-hep's old spelling
  });

  it("no event passing anywhere: the warning names the never-defined observable, and save() writes nothing", async () => {
    const f = writeLhe(dir, "nothing.lhe", lheText([0, 1].map((k) => ({ weight: 1, wgts: [["bsm", 2], ["bsm2", 4]] as [string, number][], particles: vbfLikeParticles(k) })), { weightIds: ["bsm", "bsm2"] }));
    const r = reader();
    r.addObservable("pt_j9", "j[8].pt", { required: true });
    r.addSample(f, "sm");
    r.addCut("pt_j1 > 1e9");
    const warnings: string[] = [];
    const [rep] = await r.analyseSamples({ onWarning: (m) => warnings.push(m) });
    expect(rep.eventsPassed).toBe(0);
    expect(rep.observableErrors[3]).toMatch(/index 8 out of range/);
    expect(warnings.join("\n")).toMatch(/all 2 events fail .*: required observable 'pt_j9' \('j\[8\]\.pt'\) is never defined \(index 8 out of range/);
    const out = join(dir, "nothing.h5");
    await expect(r.save(out)).rejects.toThrow(/no event of .*nothing\.lhe passed .*nothing\.h5 was not written\. Rejected by: required observable 'pt_j9' \('j\[8\]\.pt'\) is never defined \(index 8 out of range/);
    expect(existsSync(out)).toBe(false);
  });

  it("a sampled-from benchmark not in the setup is rejected at addSample", () => {
    expect(() => reader().addSample("x.lhe", "nope")).toThrow(/'nope' is not in the setup; the setup has sm, bsm, bsm2/);
  });

  it("writes no output when a sample is corrupt", async () => {
    const good = writeLhe(dir, "good.lhe", lheText([{ weight: 1, wgts: [["bsm", 2], ["bsm2", 4]], particles: vbfLikeParticles(0) }], { weightIds: ["bsm", "bsm2"] }));
    const bad = writeLhe(dir, "bad.lhe.gz", lheText([0, 1].map((k) => ({ weight: 1, wgts: [["bsm", 2], ["bsm2", 4]] as [string, number][], particles: vbfLikeParticles(k) })), { weightIds: ["bsm", "bsm2"] }), true);
    const { readFileSync, writeFileSync } = await import("node:fs");
    const bytes = readFileSync(bad);
    writeFileSync(bad, bytes.subarray(0, bytes.length - 12));
    const r = reader();
    r.addSample(good, "sm");
    r.addSample(bad, "sm");
    const out = join(dir, "never.h5");
    await expect(r.analyseSamples(quiet).then(() => r.save(out))).rejects.toThrow(/bad\.lhe\.gz.*truncated or corrupt/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("LHEReader setup checks", () => {
  it("says clearly that setups with nuisance benchmarks are not supported yet", () => {
    const s = setup();
    s.benchmarks.push({ name: "mur_up", values: [0], isNuisance: true, isReference: false });
    expect(() => new LHEReader(s)).toThrow(/systematics \/ nuisance benchmarks \(mur_up\).*does not fill yet/);
  });
});

describe("LHEReader observables and smearing options", () => {
  it("function observables, default observables, and smearing validation", async () => {
    const f = writeLhe(dir, "fn.lhe", lheText([0, 1].map((k) => ({ weight: 1, wgts: [["bsm", 2], ["bsm2", 4]] as [string, number][], particles: vbfLikeParticles(k) })), { weightIds: ["bsm", "bsm2"], eventNorm: "sum" }));
    const r = new LHEReader(setup());
    r.addObservableFromFunction("ht", (o) => o.j.reduce((s, p) => s + p.pt, 0) + o.a.reduce((s, p) => s + p.pt, 0));
    r.addObservableFromFunction("boom", () => {
      throw new Error("not defined here");
    }, { default: 7 });
    r.addDefaultObservables({ nLeptonsMax: 1, nPhotonsMax: 1, nJetsMax: 1 });
    r.addSample(f, "sm");
    const [rep] = await r.analyseSamples(quiet);
    const names = r.observableNames;
    expect(names).toContain("et_miss");
    expect(names).toContain("pt_j1");
    expect(names).toContain("charge_l1");
    const O = names.length;
    const row = Array.from(r.events.observations.subarray(0, O));
    const ht = Math.hypot(60, 10) + Math.hypot(40, 20) + Math.hypot(50, 30) + Math.hypot(45, 25);
    expect(row[0]).toBeCloseTo(ht, 10);
    expect(row[1]).toBe(7);
    expect(rep.observablesUndefined[1]).toBe(2);
    // No leptons: their default observables are 0; n_jets = 2.
    expect(row[names.indexOf("pt_l1")]).toBe(0);
    expect(row[names.indexOf("n_jets")]).toBe(2);
    // MET of a final state that balances only in x,y up to the beams: -(sum of visible px, py).
    expect(row[names.indexOf("et_miss")]).toBeCloseTo(Math.hypot(60 - 40 + 50 - 45, 10 - 20 + 30 - 25), 10);
    expect(() => r.setSmearing([21], { energyResolution: null, ptResolution: null })).toThrow(/cannot both be null/);
    expect(() => r.setSmearing([21], { energyResolution: [0, Number.NaN] })).toThrow(/finite numbers/);
  });
});
