// Training from .npy files streamed in chunks: with one chunk the result is
// bit-identical to in-memory training (same data after the float32 cast, same
// seeded permutation); with small chunks it still learns the toy score.
import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeNpy } from "@mm/util";
import { Estimator, MLForge, NpyRows } from "../src/index.js";
import { scoreSample, trueScore } from "./toy.js";

describe("training streamed from .npy files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mm-stream-"));
  const s = scoreSample(12000, 31);
  const x2 = new Float64Array(12000 * 2);
  for (let i = 0; i < 12000; i++) {
    x2[2 * i] = 7; // a constant column, dropped with features
    x2[2 * i + 1] = s.x[i];
  }
  writeNpy(join(dir, "x_toy.npy"), x2, [12000, 2], { dtype: "float64" });
  writeNpy(join(dir, "t_xz_toy.npy"), s.t, [12000, 1], { dtype: "float32" });
  const opts = { nHidden: [16, 16], nEpochs: 4, trainer: "adam" as const, initialLr: 0.003, finalLr: 0.001, seed: 5, features: [1] };

  it("NpyRows reads row ranges and selected columns", () => {
    const r = NpyRows.open(join(dir, "x_toy.npy"));
    expect(r.shape).toEqual([12000, 2]);
    expect(Array.from(r.read(10, 12, [1]))).toEqual(Array.from(Float32Array.of(s.x[10], s.x[11])));
    r.close();
  });

  it("one chunk equals in-memory training exactly", async () => {
    const a = await Estimator.train("sally", { x: { data: x2, shape: [12000, 2] }, t_xz0: { data: s.t, shape: [12000, 1] } }, opts);
    const b = await Estimator.trainFromFiles("sally", { x: join(dir, "x_toy.npy"), t_xz0: join(dir, "t_xz_toy.npy") }, opts);
    expect(b.result.valLosses).toEqual(a.result.valLosses);
    expect(Array.from(b.estimator.params.get("layers.0.weight")!)).toEqual(Array.from(a.estimator.params.get("layers.0.weight")!));
  });

  it("chunks of 2,500 rows still learn t(x) = x/2 (0.1 absolute on |x| <= 1.5)", async () => {
    const forge = new MLForge();
    await forge.trainFromSamples("sally", dir, "toy", { ...opts, nEpochs: 6, chunkSize: 2500 });
    const grid = Float64Array.from({ length: 13 }, (_, i) => -1.5 + i * 0.25);
    const x = new Float64Array(26);
    grid.forEach((g, i) => ((x[2 * i] = 7), (x[2 * i + 1] = g)));
    const r = (await forge.evaluate({ data: x, shape: [13, 2] })) as { score: Float64Array };
    grid.forEach((g, i) => expect(Math.abs(r.score[i] - trueScore(g, 0))).toBeLessThan(0.1));
  });
});
