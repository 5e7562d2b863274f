import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { combineAndShuffle, DataAnalyzer, openEventsFile } from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";
import { expected } from "./helpers.js";

describe.skipIf(noShared())("combineAndShuffle", () => {
  it("combines a file with itself (k-factors 0.5): twice the events, the same cross sections", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-combine-"));
    try {
      const ref = shared("reference", "events.h5");
      const out = join(dir, "combined.h5");
      const n = await combineAndShuffle([ref, ref], out, { seed: 5, kFactors: 0.5 });
      expect(n).toBe(100000);
      const da = new DataAnalyzer(await openEventsFile(out));
      expect(da.setup.signalEvents).toEqual([60000, 16000, 0, 0, 14000, 0]);
      const r = await da.xsecs();
      const e = expected().xsecs.benchmark_xsecs_all.xsecs_pb as number[];
      // every event appears twice with half its weight; the sampling factors are unchanged fractions: same sums (1e-12: summation order)
      r.xsecs.forEach((x, i) => expect(Math.abs(x - e[i]) / e[i]).toBeLessThan(1e-12));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(shared("reference", "real-lhe", "events.h5")))("refuses files whose setups differ", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-combine-"));
    try {
      await expect(combineAndShuffle([shared("reference", "events.h5"), shared("reference", "real-lhe", "events.h5")], join(dir, "x.h5"), { seed: 1 })).rejects.toThrow(/setups differ/);
      expect(existsSync(join(dir, "x.h5"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
