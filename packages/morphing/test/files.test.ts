// The morphing stored in real MadMiner files (three eras of the format, plus
// the reference setup) must reproduce unit vectors at the benchmarks: the
// weights of benchmark b at theta_b are e_b. Files are read in place with
// h5wasm. Tolerance: 1e-10 absolute on weights of order 1 (relative to the
// largest |M_cb a_c| term, since the sum cancels to 0 or 1); matrices
// recomputed by @mm agree with the stored ones to 1e-10 relative to the
// largest stored entry (LAPACK vs our LU: only rounding differs).
import h5wasm from "h5wasm/node";
import { describe, expect, it } from "vitest";
import { componentWeights, morphingMatrix, morphingWeights } from "@mm/morphing";
import { noShared, shared } from "../../../tools/test-support/shared.js";

interface Stored {
  components: number[][];
  values: number[][];
  matrix: Float64Array | null;
  basis: number[][] | null;
}

function rows(v: ArrayLike<number | bigint>, shape: number[]): number[][] {
  const [n, m] = shape;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: m }, (_, j) => Number(v[i * m + j])));
  return out;
}

async function readMorphing(path: string): Promise<Stored> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, "r");
  try {
    const ds = (name: string) => f.get(name) as InstanceType<typeof h5wasm.Dataset> | null;
    const comp = ds("morphing/components")!;
    const vals = ds("benchmarks/values")!;
    const mm = ds("morphing/morphing_matrix");
    const cs = ds("morphing/cs_basis");
    return {
      components: rows(comp.value as ArrayLike<number | bigint>, comp.shape as number[]),
      values: rows(vals.value as ArrayLike<number>, vals.shape as number[]),
      matrix: mm ? Float64Array.from(mm.value as ArrayLike<number>) : null,
      basis: cs ? rows(cs.value as ArrayLike<number>, cs.shape as number[]) : null,
    };
  } finally {
    f.close();
  }
}

const FILES = [
  ["corpus", "madminer-h5", "madminer-2018-setup-15benchmarks.h5"],
  ["corpus", "madminer-h5", "madminer-2019-workflow-with-samples.h5"],
  ["corpus", "madminer-h5", "madminer-2024-lhe_data_0-100ev.h5"],
  ["corpus", "madminer-h5", "madminer-2024-setup-ewdim6.h5"],
  ["reference", "setup.h5"],
  ["reference", "events.h5"],
  ["reference", "real-lhe", "setup.h5"],
  ["reference", "real-lhe", "events.h5"],
];

describe.skipIf(noShared())("morphing of real MadMiner files", () => {
  for (const parts of FILES) {
    const name = parts[parts.length - 1];
    it(`${name}: weights at each benchmark are a unit vector`, async () => {
      const s = await readMorphing(shared(...parts));
      const nb = s.values.length;
      // Old files store the matrix; the 2024 fork stores the basis (cs_basis) and recomputes it.
      const warnings: string[] = [];
      const matrix = s.matrix ?? morphingMatrix(s.components, s.basis!, { onWarning: (m) => warnings.push(m) });
      expect(matrix.length).toBe(s.components.length * nb);
      for (let b = 0; b < nb; b++) {
        const w = morphingWeights(matrix, s.components, s.values[b]);
        // Scale of the cancelling sum: max_c,b' |M_cb' a_c(theta_b)|.
        const a = componentWeights(s.components, s.values[b]);
        let scale = 1;
        for (let c = 0; c < a.length; c++) for (let j = 0; j < nb; j++) scale = Math.max(scale, Math.abs(matrix[c * nb + j] * a[c]));
        for (let j = 0; j < nb; j++) {
          expect(Math.abs(w[j] - (j === b ? 1 : 0)), `benchmark ${b}, weight ${j}`).toBeLessThanOrEqual(1e-10 * scale);
        }
      }
    });
    it(`${name}: the matrix recomputed from the benchmarks equals the stored one`, async () => {
      const s = await readMorphing(shared(...parts));
      const m = morphingMatrix(s.components, s.values, { onWarning: () => {} });
      const ref = s.matrix ?? morphingMatrix(s.components, s.basis!, { onWarning: () => {} });
      let scale = 0;
      for (const v of ref) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < ref.length; i++) expect(Math.abs(m[i] - ref[i]), `entry ${i}`).toBeLessThanOrEqual(1e-10 * scale);
    });
  }
});
