import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { rngFromSeed, SampleAugmenter, benchmark, morphingPoint, morphingPoints, randomMorphingPoints, type Prior } from "../src/index.js";
import { debianPython, noShared } from "../../../tools/test-support/shared.js";
import { expected, flat, referenceSource } from "./helpers.js";

describe("rngFromSeed (numpy legacy MT19937 stream of @mm/util)", () => {
  it("first draws after seed 42 equal numpy's", () => {
    const r = rngFromSeed(42);
    // np.random.seed(42); np.random.rand(4) — exact float64 values
    expect(Array.from(r.rand(4))).toEqual([0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366]);
  });
  it("normal and permutation follow numpy (values from numpy 1.24, seed 0)", () => {
    // np.random.seed(0); np.random.normal(1, 2, 3); np.random.permutation(10)
    const r = rngFromSeed(0);
    const n = r.normal(1, 2, 3);
    expect(Math.abs(n[0] - 4.528104691935328)).toBeLessThan(1e-15);
    expect(Math.abs(n[1] - 1.8003144167344467)).toBeLessThan(1e-15);
    expect(Math.abs(n[2] - 2.9574759682114786)).toBeLessThan(1e-15);
    expect(Array.from(r.permutation(10))).toEqual(PERM_AFTER);
  });
});

// filled by the python check below (values printed by numpy for the same calls)
const PERM_AFTER = [1, 6, 8, 7, 0, 4, 2, 5, 3, 9];

const f32 = (v: number) => Math.fround(v);

describe.skipIf(noShared())("SampleAugmenter: exact reproduction of seeded Python calls", () => {
  it("sample_train_local(benchmark('sm'), 50) with seed 42", async () => {
    const e = expected().sampling.exact_reproduction.local;
    const sa = new SampleAugmenter(referenceSource());
    const r = await sa.extractSamplesTrainLocal(benchmark("sm"), 50, { seed: 42 });
    expect(r.x.shape).toEqual([50, 4]);
    expect(Array.from(r.eventIndices)).toEqual(e.event_indices);
    // bit-exact: float32 outputs equal the float32 values numpy saved
    expect(Array.from(r.x.data)).toEqual(flat(e.x).map(f32));
    expect(Array.from(r.theta.data)).toEqual(flat(e.theta).map(f32));
    const t = flat(e.t_xz);
    for (let i = 0; i < t.length; i++) expect(Math.abs(r.tXz.data[i] - t[i])).toBeLessThanOrEqual(Math.abs(t[i]) * 1.2e-7);
  });

  it("sample_train_ratio(morphing_point([5,-3]), benchmark('sm'), 40) with seed 43", async () => {
    const e = expected().sampling.exact_reproduction.ratio;
    const sa = new SampleAugmenter(referenceSource());
    const r = await sa.extractSamplesTrainRatio(morphingPoint([5, -3]), benchmark("sm"), 40, { seed: 43 });
    expect(Array.from(r.x.data)).toEqual(flat(e.x).map(f32));
    expect(Array.from(r.y.data)).toEqual(flat(e.y));
    // float32 joint ratio / score computed in float64 then cast: agree to float32 rounding (README: 1e-6)
    const rx = flat(e.r_xz);
    for (let i = 0; i < rx.length; i++) expect(Math.abs(r.rXz.data[i] - rx[i])).toBeLessThanOrEqual(Math.abs(rx[i]) * 1e-6);
    const tx = flat(e.t_xz);
    for (let i = 0; i < tx.length; i++) expect(Math.abs(r.tXz!.data[i] - tx[i])).toBeLessThanOrEqual(Math.abs(tx[i]) * 1e-6 + 1e-9);
  });
});

describe.skipIf(noShared())("SampleAugmenter: per-event joint scores and ratios, statistics, files", () => {
  // Per-event t_xz / r_xz do not depend on the random numbers: compare to 1e-6 relative
  // (float64 values cast to float32 on both sides).
  function checkRows(rows: { event_index: number; t_xz?: number[]; r_xz?: number[] }[], idx: Int32Array, t: ArrayLike<number> | null, r: ArrayLike<number> | null, P: number) {
    const where = new Map<number, number>();
    idx.forEach((e, i) => {
      if (!where.has(e)) where.set(e, i);
    });
    let matched = 0;
    for (const row of rows) {
      const i = where.get(row.event_index);
      if (i === undefined) continue;
      matched++;
      if (row.t_xz && t) for (let p = 0; p < P; p++) expect(Math.abs(t[i * P + p] - row.t_xz[p])).toBeLessThanOrEqual(1e-6 * Math.abs(row.t_xz[p]) + 1e-8);
      if (row.r_xz && r) expect(Math.abs(r[i] - row.r_xz[0])).toBeLessThanOrEqual(1e-6 * Math.abs(row.r_xz[0]));
    }
    return matched;
  }

  it("local at the reference benchmark: effective size, mean score ~ 0, per-event scores", async () => {
    const e = expected().sampling.sample_train_local_benchmark_ref;
    const sa = new SampleAugmenter(referenceSource());
    const dir = mkdtempSync(join(tmpdir(), "mm-sampling-"));
    try {
      const r = await sa.extractSamplesTrainLocal(benchmark("sm"), 100000, { seed: 1001, folder: dir, filename: "train_local" });
      expect(Math.abs(r.effectiveNSamples - e.returned_effective_n_samples) / e.returned_effective_n_samples).toBeLessThan(1e-12);
      // same seed and call order as Python: the column means agree to float32 summation precision
      for (let p = 0; p < 2; p++) {
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < 100000; i++) {
          s += r.tXz.data[i * 2 + p];
          s2 += r.tXz.data[i * 2 + p] ** 2;
        }
        const mean = s / 100000;
        const std = Math.sqrt(s2 / 100000 - mean * mean);
        expect(Math.abs(mean)).toBeLessThan((4 * std) / Math.sqrt(r.effectiveNSamples));
        expect(Math.abs(mean - e.t_xz.mean_axis0[p])).toBeLessThan(1e-5 * std);
      }
      expect(checkRows(e.per_event_t_xz.rows, r.eventIndices, r.tXz.data, null, 2)).toBeGreaterThan(10);
      checkMeans({ x: r.x, theta: r.theta, t_xz: r.tXz }, e);
      expect(r.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(Object.keys(e.files_written).sort());
      const py = debianPython(["numpy"]);
      if (py) {
        const out = spawnSync(py, ["-c", `import numpy as np,sys\nfor f in sys.argv[1:]:\n a=np.load(f); print(a.shape, a.dtype)`, ...r.files.sort()], { encoding: "utf8" });
        expect(out.stdout.trim().split("\n")).toEqual(Object.keys(e.files_written).sort().map((k) => `(${e.files_written[k].shape.join(", ")}) ${e.files_written[k].dtype}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ratio: E[r|y=1] ~ 1, E[1/r|y=0] ~ 1, per-event r_xz and t_xz", async () => {
    const e = expected().sampling.sample_train_ratio;
    const sa = new SampleAugmenter(referenceSource());
    const r = await sa.extractSamplesTrainRatio(morphingPoint([5, -3]), benchmark("sm"), 100000, { seed: 1003 });
    expect(Math.abs(r.effectiveNSamples - e.returned_effective_n_samples) / e.returned_effective_n_samples).toBeLessThan(1e-9);
    let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
    for (let i = 0; i < r.y.data.length; i++) {
      if (r.y.data[i] === 1) {
        s1 += r.rXz.data[i];
        n1++;
      } else {
        s0 += 1 / r.rXz.data[i];
        n0++;
      }
    }
    checkMeans({ x: r.x, theta0: r.theta0, theta1: r.theta1, y: r.y, r_xz: r.rXz, t_xz: r.tXz }, e);
    expect(n0).toBe(e.n_y0);
    expect(n1).toBe(e.n_y1);
    // statistical identities, within a few percent at ~6000 effective events
    expect(Math.abs(s1 / n1 - 1)).toBeLessThan(0.05);
    expect(Math.abs(s0 / n0 - 1)).toBeLessThan(0.05);
    // same seed, same stream: the Python means are reproduced
    expect(Math.abs(s1 / n1 - e.mean_r_xz_given_y1)).toBeLessThan(1e-5);
    const idx1 = r.eventIndices.filter((_, i) => r.y.data[i] === 1);
    const sel = (arr: ArrayLike<number>, w: number, want: number) => {
      const out: number[] = [];
      for (let i = 0; i < r.y.data.length; i++) if (r.y.data[i] === want) for (let k = 0; k < w; k++) out.push(arr[i * w + k]);
      return out;
    };
    expect(checkRows(e.per_event_y1.rows, Int32Array.from(idx1), sel(r.tXz!.data, 2, 1), sel(r.rXz.data, 1, 1), 2)).toBeGreaterThan(10);
    const idx0 = r.eventIndices.filter((_, i) => r.y.data[i] === 0);
    expect(checkRows(e.per_event_y0.rows, Int32Array.from(idx0), sel(r.tXz!.data, 2, 0), sel(r.rXz.data, 1, 0), 2)).toBeGreaterThan(10);
  });

  // Same seed, same stream, same call order: every output array of the seven Python calls is
  // reproduced, so the column means equal the recorded ones (1e-9 relative: only the order of
  // the float64 summation of the means can differ).
  function checkMeans(arrays: Record<string, { data: ArrayLike<number>; shape: number[] } | null>, e: any) {
    for (const [name, arr] of Object.entries(arrays)) {
      if (!arr) continue;
      expect(arr.shape, name).toEqual(e[name].shape);
      const w = arr.shape[1];
      const n = arr.shape[0];
      for (let k = 0; k < w; k++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += arr.data[i * w + k];
        const want = e[name].mean_axis0[k];
        expect(Math.abs(t / n - want), `${name}[${k}]`).toBeLessThanOrEqual(1e-9 * Math.abs(want) + 1e-12);
      }
    }
  }

  it("density, plain, more ratios, test and local at a morphing point equal the Python calls", async () => {
    const ex = expected().sampling;
    const thetas = expected().morphing.thetas as number[][];
    const sa = new SampleAugmenter(referenceSource());
    const priors: Prior[] = [["gaussian", 0.0, 8.0], ["flat", -15.0, 15.0]];
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    const d = await sa.extractSamplesTrainGlobal(randomMorphingPoints(20, priors), 20000, { seed: 1004 });
    expect(rel(d.effectiveNSamples, ex.sample_train_density.returned_effective_n_samples)).toBeLessThan(1e-9);
    checkMeans({ x: d.x, theta: d.theta, t_xz: d.tXz }, ex.sample_train_density);
    const p = await sa.extractSamplesTrainPlain(morphingPoints(thetas.slice(0, 4)), 20000, { seed: 1005 });
    expect(rel(p.effectiveNSamples, ex.sample_train_plain.returned_effective_n_samples)).toBeLessThan(1e-9);
    checkMeans({ x: p.x, theta: p.theta }, ex.sample_train_plain);
    const m = await sa.extractSamplesTrainMoreRatios(randomMorphingPoints(10, priors), benchmark("sm"), 20000, { seed: 1006, additionalThetas: [morphingPoint(thetas[1]), morphingPoint(thetas[2])] });
    expect(rel(m.effectiveNSamples, ex.sample_train_more_ratios.returned_effective_n_samples)).toBeLessThan(1e-9);
    checkMeans({ x: m.x, theta0: m.theta0, theta1: m.theta1, y: m.y, r_xz: m.rXz, t_xz0: m.tXz0, t_xz1: m.tXz1 }, ex.sample_train_more_ratios);
    const t = await sa.extractSamplesTest(benchmark("sm"), 10000, { seed: 1007 });
    expect(rel(t.effectiveNSamples, ex.sample_test.returned_effective_n_samples)).toBeLessThan(1e-9);
    checkMeans({ x: t.x, theta: t.theta }, ex.sample_test);
    const l = await sa.extractSamplesTrainLocal(morphingPoint([5, -3]), 50000, { seed: 1002 });
    expect(rel(l.effectiveNSamples, ex.sample_train_local_morphing_point.returned_effective_n_samples)).toBeLessThan(1e-9);
    checkMeans({ x: l.x, theta: l.theta, t_xz: l.tXz }, ex.sample_train_local_morphing_point);
  });
});
