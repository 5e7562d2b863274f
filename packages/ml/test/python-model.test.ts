// The Python MadMiner SALLY model in ../shared/reference/sally, evaluated
// here. Tolerance: relative 1e-5 with an absolute floor of 3e-7 (reference
// README: float64 scaling, then a float32 network; only the float32 summation
// order differs between PyTorch and onnxruntime).
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readNpy } from "@mm/util";
import { loadModel, readStateDictPickle, readTorchStateDict, readZip } from "../src/index.js";
import { debianPython, noShared, shared } from "../../../tools/test-support/shared.js";

const here = dirname(fileURLToPath(import.meta.url));

describe.skipIf(noShared())("Python MadMiner SALLY model (reference/sally)", () => {
  const expected = () => JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8")).sally;

  it("reads the state dict with the restricted unpickler, equal to model_weights.json", () => {
    const sd = readTorchStateDict(shared("reference", "sally", "model_state_dict.pt"));
    const ref = JSON.parse(readFileSync(shared("reference", "sally", "model_weights.json"), "utf8")).state_dict as Record<string, number[] | number[][]>;
    expect([...sd.keys()]).toEqual(Object.keys(ref));
    for (const [k, v] of Object.entries(ref)) {
      const flat = (v as unknown[]).flat() as number[];
      // JSON holds the float32 values printed as doubles: exact after rounding to float32.
      expect(Array.from(sd.get(k)!.data)).toEqual(Array.from(Float32Array.from(flat)));
    }
  });

  it("evaluate_score on x_eval equals Python to 1e-5 relative", async () => {
    const est = loadModel(shared("reference", "sally", "model"));
    const x = readNpy(shared("reference", "sally", "x_eval.npy"));
    const t = await est.evaluateScore(x.data as Float64Array, x.shape[0], x.shape[1]);
    const ref = expected().evaluate_score_on_x_eval.t_hat as number[][];
    expect(ref.length).toBe(200);
    // 1e-5 relative, plus an absolute floor of 3e-7 for the outputs near zero (|t| down to 1e-4):
    // the last layer sums ~100 float32 products of O(0.1-1), so its rounding is a few float32 ulps
    // of 1 (6e-8) whatever the size of the result. Observed: max |Δ| 7.5e-8 (on |t| = 3.8e-4,
    // i.e. 1.2e-4 relative); where |t| > 0.03 the relative error is below 2e-6.
    ref.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(t[i * 2 + j] - v)).toBeLessThanOrEqual(1e-5 * Math.abs(v) + 3e-7)));
    // And over the whole output, relative to its size: ‖Δ‖ / ‖t‖ < 1e-5 (observed 5.4e-7).
    let d2 = 0;
    let n2 = 0;
    ref.forEach((row, i) => row.forEach((v, j) => ((d2 += (t[i * 2 + j] - v) ** 2), (n2 += v * v))));
    expect(Math.sqrt(d2 / n2)).toBeLessThan(1e-5);
  });

  it("calculate_fisher_information on x_eval equals Python to 1e-5 relative", async () => {
    const est = loadModel(shared("reference", "sally", "model"));
    const x = readNpy(shared("reference", "sally", "x_eval.npy"));
    const ref = expected().calculate_fisher_information_on_x_eval;
    const info = await est.calculateFisherInformation(x.data as Float64Array, x.shape[0], x.shape[1], { nEvents: ref.n_events });
    (ref.information as number[][]).forEach((row, i) => row.forEach((v, j) => expect(Math.abs(info[i * 2 + j] - v)).toBeLessThanOrEqual(1e-5 * Math.abs(v))));
  });

  it("rejects pickles with any other global (no code execution)", () => {
    const entries = readZip(readFileSync(shared("reference", "sally", "model_state_dict.pt")));
    const pkl = entries.get("model_state_dict/data.pkl")!;
    const evil = new TextDecoder("latin1").decode(pkl).replace("collections\nOrderedDict", "os\nsystem\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
    const bytes = Uint8Array.from(evil, (c) => c.charCodeAt(0));
    expect(() => readStateDictPickle(bytes, "evil.pkl")).toThrow(/forbidden global 'os system'/);
  });
});

// A doubly parameterised ratio model in MadMiner's layout (concat(theta0, theta1, x),
// antisymmetric f(t0,t1,x) - f(t1,t0,x)), written by fixtures/make_ratio_model.py as a
// torch-format ZIP/pickle without torch, with numpy reference outputs (float64
// scaling, float32 network): equal to 1e-5 relative.
describe.skipIf(!debianPython(["numpy"]))("Python MadMiner doubly parameterised ratio model (synthetic state dict)", () => {
  it("evaluates log r as the numpy forward pass", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mm-pyratio-"));
    const prefix = join(dir, "m");
    const r = spawnSync(debianPython(["numpy"])!, [join(here, "fixtures", "make_ratio_model.py"), prefix], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const expected = JSON.parse(r.stdout) as number[];
    const est = loadModel(prefix);
    expect(est.settings.kind).toBe("double_parameterized_ratio");
    const x = readNpy(`${prefix}_x.npy`);
    const rows = (p: string) => {
      const a = readNpy(p);
      return Array.from({ length: a.shape[0] }, (_, i) => Array.from({ length: a.shape[1] }, (_, j) => Number(a.data[i * a.shape[1] + j])));
    };
    const ev = await est.evaluateLogRatio(x.data as Float64Array, 5, 3, rows(`${prefix}_th0.npy`), rows(`${prefix}_th1.npy`), { testAllCombinations: false });
    expected.forEach((v, i) => expect(Math.abs(ev.logR[i] - v)).toBeLessThanOrEqual(1e-5 * Math.abs(v) + 1e-6));
  });
});
