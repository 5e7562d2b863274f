// numpySum must add in numpy's order (pairwise, 8 accumulators, identity 0):
// compared bit for bit (exact equality) with np.sum on float64 arrays of
// lengths around each branch (n < 8, 8..128, > 128 recursive).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RandomState } from "@mm/util";
import { numpySum } from "@mm/morphing";
import { debianPython } from "../../../tools/test-support/shared.js";

const py = debianPython(["numpy"]);
const LENGTHS = [1, 5, 7, 8, 9, 15, 16, 17, 100, 128, 129, 300, 1000, 4097];

describe.skipIf(py === null)("numpySum vs numpy.sum", () => {
  it("identical doubles for lengths " + LENGTHS.join(", "), () => {
    const script = "import json,sys,numpy as np\nrs=np.random.RandomState(11)\nout=[]\nfor n in json.loads(sys.argv[1]):\n  a=rs.rand(n)*1e3-3e2\n  out.append(float(np.sum(a*a)))\nprint(json.dumps(out))";
    const r = spawnSync(py!, ["-c", script, JSON.stringify(LENGTHS)], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout) as number[];
    const rs = new RandomState(11);
    LENGTHS.forEach((n, i) => {
      const a = rs.rand(n).map((u) => u * 1e3 - 3e2);
      const sq = a.map((v) => v * v);
      expect(numpySum(sq), `n = ${n}`).toBe(ref[i]);
    });
  });
});
