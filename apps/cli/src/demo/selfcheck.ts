// The demo checks itself: the truth is analytic, so the cross sections
// morphed from the events file are compared with the generator's formula,
// and each event's morphed weight ratio w_i(θ)/w_i(SM) with the exact
// dσ_θ/dσ_SM at its cos θ (limited only by the 8 printed digits of the LHE).
import { join } from "node:path";
import { differentialCrossSection, totalCrossSection } from "@mm/generator";
import { DataAnalyzer, openEventsFile } from "@mm/sampling";
import { writeFileAtomicSync } from "@mm/util";
import { DEMO_COS_MAX, DEMO_SQRT_S } from "./inputs.js";

export const CHECK_THETAS = [[0, 0], [0.3, -0.2], [-0.5, 0.5], [0.9, 0.9], [-1, -0.4]];

export interface SelfCheckPoint {
  theta: number[];
  morphed: number;
  uncertainty: number;
  analytic: number;
  maxEventDeviation: number;
}

export interface SelfCheck {
  description: string;
  passed: boolean;
  points: SelfCheckPoint[];
}

/** Pull limit for σ and relative limit for per-event ratios (8-digit weights, condition of the basis). */
export const MAX_PULL = 4;
export const MAX_EVENT_DEVIATION = 1e-5;

export async function demoSelfCheck(out: string): Promise<SelfCheck> {
  const da = new DataAnalyzer(await openEventsFile(join(out, "events.h5")));
  const cIdx = da.observableNames.indexOf("cos_theta");
  const O = da.nObservables;
  const sm = await da.weightedEvents({ theta: [0, 0] });
  const { xsecs, uncertainties } = await da.xsecs(CHECK_THETAS);
  const points: SelfCheckPoint[] = [];
  for (const [k, theta] of CHECK_THETAS.entries()) {
    const ev = await da.weightedEvents({ theta });
    let maxDev = 0;
    for (let i = 0; i < ev.n; i++) {
      const c = ev.x[i * O + cIdx];
      const expected = differentialCrossSection(DEMO_SQRT_S, c, theta) / differentialCrossSection(DEMO_SQRT_S, c, [0, 0]);
      maxDev = Math.max(maxDev, Math.abs(ev.weights[i] / sm.weights[i] - expected) / expected);
    }
    points.push({ theta, morphed: xsecs[k], uncertainty: uncertainties[k], analytic: totalCrossSection(DEMO_SQRT_S, theta, DEMO_COS_MAX), maxEventDeviation: maxDev });
  }
  const passed = points.every((p) => Math.abs(p.morphed - p.analytic) < MAX_PULL * p.uncertainty && p.maxEventDeviation < MAX_EVENT_DEVIATION);
  const check: SelfCheck = {
    description: `Morphed cross sections (Σ_i w_i(θ) over the events file) vs the analytic σ(θ) of the generator (|pull| < ${MAX_PULL}, statistical), and per event the morphed ratio w_i(θ)/w_i(SM) vs the exact dσ_θ/dσ_SM at its cos θ (relative < ${MAX_EVENT_DEVIATION}).`,
    passed,
    points,
  };
  writeFileAtomicSync(join(out, "selfcheck.json"), JSON.stringify(check, null, 1) + "\n");
  return check;
}
