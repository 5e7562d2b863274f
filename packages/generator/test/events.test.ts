import { gunzipSync } from "node:zlib";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { differentialCrossSection, eventMomenta, generateEvents, lheText, writeLhe, type GeneratorBenchmark } from "../src/index.js";

const BENCHMARKS: GeneratorBenchmark[] = [
  { name: "sm", values: [0, 0] },
  { name: "vv", values: [1.5, 0] },
  { name: "aa", values: [0, 1.5] },
  { name: "neg", values: [-1.5, -1] },
];

describe("event generation", () => {
  const ev = generateEvents({ nEvents: 20000, sampling: BENCHMARKS[0], benchmarks: BENCHMARKS, seed: 7 });

  it("weights equal XWGTUP · dσ_b/dσ_s at each event's cosθ (relative 1e-12: same formula, independent call)", () => {
    for (const i of [0, 1, 999, 19999]) {
      const c = ev.cosTheta[i];
      for (let b = 0; b < BENCHMARKS.length; b++) {
        const expected = (ev.nominalWeight * differentialCrossSection(250, c, BENCHMARKS[b].values)) / differentialCrossSection(250, c, [0, 0]);
        expect(ev.weights[i * 4 + b] / expected).toBeCloseTo(1, 12);
      }
    }
    // At the sampling benchmark the weight is XWGTUP.
    expect(ev.weights[0]).toBeCloseTo(ev.nominalWeight, 15);
  });

  it("summed weights reproduce the analytic cross sections (within 4 standard errors √Σw²)", () => {
    for (let b = 0; b < BENCHMARKS.length; b++) {
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < ev.nEvents; i++) {
        sum += ev.weights[i * 4 + b];
        sum2 += ev.weights[i * 4 + b] ** 2;
      }
      expect(Math.abs(sum - ev.crossSections[b])).toBeLessThan(4 * Math.sqrt(sum2));
    }
  });

  it("samples cosθ from dσ/dcosθ: forward fraction matches the integral (4 binomial σ)", () => {
    const a = ev.cosMax;
    const f = (c: number) => differentialCrossSection(250, c, [0, 0]);
    let fwd = 0;
    let all = 0;
    for (let k = 0; k < 4000; k++) {
      const c = -a + ((k + 0.5) * 2 * a) / 4000;
      all += f(c);
      if (c > 0) fwd += f(c);
    }
    const p = fwd / all;
    const observed = ev.cosTheta.filter((c) => c > 0).length / ev.nEvents;
    expect(Math.abs(observed - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / ev.nEvents));
    expect(Math.max(...ev.cosTheta)).toBeLessThanOrEqual(a);
    expect(Math.min(...ev.cosTheta)).toBeGreaterThanOrEqual(-a);
  });

  it("momenta conserve energy and momentum and are massless (1e-9 GeV)", () => {
    const p = eventMomenta(ev, 5);
    for (let k = 0; k < 4; k++) expect(p[0][k] + p[1][k] - p[2][k] - p[3][k]).toBeCloseTo(0, 9);
    for (const q of p) expect(q[3] ** 2 - q[0] ** 2 - q[1] ** 2 - q[2] ** 2).toBeCloseTo(0, 6);
    expect(p[2][2] / p[2][3]).toBeCloseTo(ev.cosTheta[5], 12);
  });

  it("is deterministic in the seed", () => {
    const again = generateEvents({ nEvents: 50, sampling: BENCHMARKS[0], benchmarks: BENCHMARKS, seed: 7 });
    expect(Array.from(again.cosTheta)).toEqual(Array.from(ev.cosTheta.slice(0, 50)));
    const other = generateEvents({ nEvents: 50, sampling: BENCHMARKS[0], benchmarks: BENCHMARKS, seed: 8 });
    expect(other.cosTheta[0]).not.toBe(ev.cosTheta[0]);
  });
});

describe("LHE output in MadGraph's layout", () => {
  const ev = generateEvents({ nEvents: 30, sampling: BENCHMARKS[1], benchmarks: BENCHMARKS, seed: 1 });
  const text = lheText(ev);

  it("declares every benchmark except the sampling one in <initrwgt>, with param_card lines", () => {
    const ids = [...text.matchAll(/<weight id='([^']+)'>/g)].map((m) => m[1]);
    expect(ids).toEqual(["sm", "aa", "neg"]);
    expect(text).toContain("<weight id='neg'>set param_card dim6 1 -1.5 # orig: 1.5\nset param_card dim6 2 -1.0 # orig: 0.0\n</weight>");
    expect(text).toContain("<weightgroup name='mg_reweighting' weight_name_strategy='includeIdInWeightName'>");
    expect(text.startsWith('<LesHouchesEvents version="3.0">\n<header>')).toBe(true);
    expect(text.trimEnd().endsWith("</LesHouchesEvents>")).toBe(true);
  });

  it("writes one <event> per event with 4 particles, XWGTUP and <wgt> values with 8 significant digits", () => {
    const events = text.split("<event>\n").slice(1);
    expect(events.length).toBe(30);
    const lines = events[0].split("\n");
    expect(lines[0]).toMatch(/^ 4 {6}1 \+\d\.\d{7}e-\d\d 2\.50000000e\+02 /);
    expect(Number(lines[0].trim().split(/\s+/)[2]) / ev.nominalWeight).toBeCloseTo(1, 7);
    expect(lines[1]).toMatch(/^ {7}11 -1 {4}0 {4}0 {4}0 {4}0 \+0\.0000000000e\+00 /);
    expect(lines[3]).toMatch(/^ {7}13 {2}1 {4}1 {4}2 {4}0 {4}0 [-+]\d\.\d{10}e[-+]\d\d /);
    const wgts = [...events[0].matchAll(/<wgt id='([^']+)'> ([-+]\d\.\d{7}e[-+]\d\d) <\/wgt>/g)];
    expect(wgts.map((m) => m[1])).toEqual(["sm", "aa", "neg"]);
    // 'sm' is benchmark 0: its weight parsed back agrees to the printed 8 digits.
    expect(Number(wgts[0][2]) / ev.weights[0]).toBeCloseTo(1, 7);
  });

  it("writes gzip when the name ends in .gz", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-gen-"));
    await writeLhe(join(dir, "events.lhe.gz"), ev);
    expect(gunzipSync(readFileSync(join(dir, "events.lhe.gz"))).toString()).toBe(text);
  });
});
