// findCouplingComponents against sympy itself: MadMiner's Np/Nd/Ns path
// expands (sum production couplings)^2 (sum decay couplings)^2 with sympy and
// takes Poly(f).terms(); we compare exponent rows exactly, for many coupling
// counts (including 11 couplings, where sympy orders gp10 after gp9), with and
// without MadMiner's BSM_max_power cut. Skips when no python3 with sympy.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { findCouplingComponents } from "@mm/morphing";
import { debianPython } from "../../../tools/test-support/shared.js";

const py = debianPython(["sympy"]);

const SCRIPT = `
import json
from sympy import Poly, symbols, expand
out = {}
for (Np, Nd, Ns, cut) in json.loads(__import__("sys").argv[1]):
    gp = symbols('gp:15'); gd = symbols('gd:15'); gs = symbols('gs:15')
    prod = sum(gp[:Np] + gs[:Ns]); dec = sum(gd[:Nd] + gs[:Ns])
    if Nd == 0 and Ns == 0: dec = 1
    if Np == 0 and Ns == 0: prod = 1
    rows = [list(m) for m, _ in Poly(expand(prod**2 * dec**2)).terms()]
    if cut is not None:
        # MadMiner's check: the first index of each loop range only (it breaks after one step).
        keep = []
        for r in rows:
            bad = False
            for lo, hi in ((1, Nd), (Nd + 1, Nd + Np), (Nd + Np + 1, Nd + Np + Ns)):
                if lo < hi and r[lo] > cut: bad = True
            if not bad: keep.append(r)
        rows = keep
    out[f"{Np},{Nd},{Ns},{cut}"] = rows
print(json.dumps(out))
`;

const CASES: [number, number, number, number | null][] = [
  [1, 1, 1, null],
  [2, 2, 0, null],
  [0, 2, 0, null],
  [2, 0, 0, null],
  [1, 0, 2, null],
  [0, 1, 2, null],
  [3, 2, 1, null],
  [2, 1, 3, null],
  [11, 0, 0, null],
  [0, 0, 3, null],
  [2, 2, 2, 1],
  [3, 3, 0, 1],
];

describe.skipIf(py === null)("findCouplingComponents vs sympy (MadMiner's find_components(Np, Nd, Ns))", () => {
  it("same rows in the same order for 12 coupling settings (exact)", () => {
    const r = spawnSync(py!, ["-c", SCRIPT, JSON.stringify(CASES)], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout) as Record<string, number[][]>;
    for (const [np, nd, ns, cut] of CASES) {
      const mine = findCouplingComponents({ np, nd, ns, ...(cut === null ? {} : { bsmMaxPower: cut }) });
      expect(mine, `${np},${nd},${ns},${cut}`).toEqual(ref[`${np},${nd},${ns},${cut === null ? "None" : cut}`]);
    }
  });
});
