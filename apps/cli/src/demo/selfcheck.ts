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
  /** χ² of the morphed cos θ histogram against the exact bin integrals of dσ/dcos θ (SHAPE_BINS bins). */
  shapeChi2: number;
  shapeBins: number;
}

export interface SelfCheck {
  description: string;
  passed: boolean;
  points: SelfCheckPoint[];
}

/** Pull limit for σ and relative limit for per-event ratios (8-digit weights, condition of the basis). */
export const MAX_PULL = 4;
export const MAX_EVENT_DEVIATION = 1e-5;
/** The shape test: 10 equal bins of cos θ over the generated range; χ² limit = the p = 0.001 quantile for 10 degrees of freedom. */
export const SHAPE_BINS = 10;
export const MAX_SHAPE_CHI2 = 29.59;

/**
 * χ² of a weighted cos θ histogram (per-bin variance Σw²) against the exact bin integrals of
 * dσ/dcos θ at theta. dσ/dcos θ is a quadratic polynomial in cos θ, so Simpson's rule on each bin
 * is exact.
 */
export function shapeChi2(cos: ArrayLike<number>, weights: ArrayLike<number>, theta: number[], bins = SHAPE_BINS): number {
  const lo = -DEMO_COS_MAX;
  const width = (2 * DEMO_COS_MAX) / bins;
  const sum = new Float64Array(bins);
  const sum2 = new Float64Array(bins);
  for (let i = 0; i < cos.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((cos[i] - lo) / width)));
    sum[b] += weights[i];
    sum2[b] += weights[i] * weights[i];
  }
  const f = (c: number) => differentialCrossSection(DEMO_SQRT_S, c, theta);
  let chi2 = 0;
  for (let b = 0; b < bins; b++) {
    const a = lo + b * width;
    const exact = (width / 6) * (f(a) + 4 * f(a + width / 2) + f(a + width));
    chi2 += sum2[b] > 0 ? (sum[b] - exact) ** 2 / sum2[b] : exact > 0 ? Infinity : 0;
  }
  return chi2;
}

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
    const cos = new Float64Array(ev.n);
    for (let i = 0; i < ev.n; i++) {
      const c = ev.x[i * O + cIdx];
      cos[i] = c;
      const expected = differentialCrossSection(DEMO_SQRT_S, c, theta) / differentialCrossSection(DEMO_SQRT_S, c, [0, 0]);
      maxDev = Math.max(maxDev, Math.abs(ev.weights[i] / sm.weights[i] - expected) / expected);
    }
    points.push({
      theta,
      morphed: xsecs[k],
      uncertainty: uncertainties[k],
      analytic: totalCrossSection(DEMO_SQRT_S, theta, DEMO_COS_MAX),
      maxEventDeviation: maxDev,
      shapeChi2: shapeChi2(cos, ev.weights, theta),
      shapeBins: SHAPE_BINS,
    });
  }
  const passed = points.every((p) => Math.abs(p.morphed - p.analytic) < MAX_PULL * p.uncertainty && p.maxEventDeviation < MAX_EVENT_DEVIATION && p.shapeChi2 < MAX_SHAPE_CHI2);
  const check: SelfCheck = {
    description:
      `Morphed cross sections (Σ_i w_i(θ) over the events file) vs the analytic σ(θ) of the generator (|pull| < ${MAX_PULL}, statistical); ` +
      `the shape: the morphed cos θ histogram (${SHAPE_BINS} bins) vs the exact bin integrals of dσ/dcos θ (χ² < ${MAX_SHAPE_CHI2}, p = 0.001 for ${SHAPE_BINS} degrees of freedom); ` +
      `and per event the morphed ratio w_i(θ)/w_i(SM) vs the exact dσ_θ/dσ_SM at its cos θ (relative < ${MAX_EVENT_DEVIATION}).`,
    passed,
    points,
  };
  writeFileAtomicSync(join(out, "selfcheck.json"), JSON.stringify(check, null, 1) + "\n");
  return check;
}
