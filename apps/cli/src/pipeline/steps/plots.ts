// Step 'plots': the figures of the analysis (SVG + PNG) from fisher.json, the
// events file and the setup: Fisher contours with bootstrap bands, the
// information bar plot, where the information sits in one observable,
// kinematic distributions at several thetas, and the morphing basis.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readSetup } from "@mm/hdf5";
import { morphingWeights } from "@mm/morphing";
import {
  plot2dMorphingBasis,
  plotDistributionOfInformation,
  plotDistributions,
  plotFisherInformationContours2d,
  plotFisherinfoBarplot,
  plotNdMorphingBasisSlices,
  writeFigure,
  type Figure,
} from "@mm/plot";
import { DataAnalyzer, openEventsFile } from "@mm/sampling";
import type { StepDefinition } from "../context.js";
import type { FisherFileEntry } from "./fisher.js";
import { thetaLabel, thetaVector } from "../thetas.js";

export const FIGURES = ["fisher_contours", "fisher_barplot", "information_distribution", "distributions", "morphing_basis"] as const;

/** Reads fisher.json, turning the null edges back into ±∞. */
export function readFisherFile(path: string): { luminosity: number; parameters: string[]; entries: FisherFileEntry[] } {
  const f = JSON.parse(readFileSync(path, "utf8"));
  const fix = (edges: (number | null)[]) => edges.map((v, i) => (v === null ? (i === 0 ? -Infinity : Infinity) : v));
  for (const e of f.entries) {
    e.histogram.edges = fix(e.histogram.edges);
    e.distribution.edges = fix(e.distribution.edges);
  }
  return f;
}

/** Half-widths of the d = 1 ellipse of I along each axis: √((I⁻¹)_kk) for 2×2 I. */
function extents(I: number[][]): [number, number] | null {
  const det = I[0][0] * I[1][1] - I[0][1] * I[1][0];
  if (!(det > 0)) return null;
  return [Math.sqrt(I[1][1] / det), Math.sqrt(I[0][0] / det)];
}

export const plotsStep: StepDefinition = {
  name: "plots",
  dependsOn: ["setup", "events", "fisher"],
  inputs: () => [],
  settings: (c) => ({ plots: c.plots, fisher: c.fisher.histogram }),
  outputs: () => FIGURES.flatMap((f) => [`figures/${f}.svg`, `figures/${f}.png`]),
  async run(ctx) {
    const figDir = join(ctx.out, "figures");
    const bar = ctx.progress(FIGURES.length, "figures");
    let done = 0;
    const save = async (name: string, fig: Figure) => {
      await writeFigure(join(figDir, name), fig);
      bar.update(++done, name);
    };
    const setup = await readSetup(join(ctx.out, "setup.h5"));
    const P = setup.parameters.length;
    const labels = ctx.config.plots.parameterLabels ?? setup.parameters.map((p) => p.name);
    const fisher = readFisherFile(join(ctx.out, "fisher.json"));
    const e = fisher.entries[0];
    const methods = [
      { key: "truth", label: "truth (parton level)", dash: undefined },
      { key: "sally", label: "SALLY", dash: undefined },
      { key: "histogram", label: `histogram (${e.histogram.observable})`, dash: "7 4" },
      { key: "rate", label: "rate only", dash: "2 3" },
    ] as const;
    // Contours (first two parameters; projections when P > 2).
    const pick = (m: number[][]) => [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
    const pickCov = (c: number[]) => {
      const out: number[] = [];
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let d = 0; d < 2; d++) for (let f = 0; f < 2; f++) out.push(c[((a * P + b) * P + d) * P + f]);
      return out;
    };
    let range = ctx.config.plots.contourRange;
    if (!range) {
      // Show the histogram contour where it is comparable, but never so wide
      // that the truth and SALLY contours shrink to a line: 2.5–6 × the truth extent.
      const tr = extents(pick(e.truth.information)) ?? [1, 1];
      const hi = extents(pick(e.histogram.information)) ?? [Infinity, Infinity];
      const ext = [0, 1].map((a) => Math.min(Math.max(hi[a] * 1.3, tr[a] * 2.5), tr[a] * 6));
      range = [[e.theta[0] - ext[0], e.theta[0] + ext[0]], [e.theta[1] - ext[1], e.theta[1] + ext[1]]];
    }
    await save(
      "fisher_contours",
      plotFisherInformationContours2d(methods.map((m) => pick(e[m.key].information)), {
        covariances: methods.map((m) => pickCov(e[m.key].covariance)),
        referenceThetas: methods.map(() => e.theta.slice(0, 2)),
        labels: methods.map((m) => m.label),
        dashes: methods.map((m) => m.dash),
        xLabel: labels[0],
        yLabel: labels[1],
        xRange: range[0],
        yRange: range[1],
      }),
    );
    await save("fisher_barplot", plotFisherinfoBarplot(methods.map((m) => e[m.key].information), ["truth", "SALLY", "histogram", "rate"], { parameterLabels: labels }));
    await save(
      "information_distribution",
      plotDistributionOfInformation(e.distribution.edges, e.distribution.xsecs, e.distribution.truthPerBin, {
        xLabel: e.distribution.observable,
        labels: { information: "truth information in bin" },
      }),
    );
    // Kinematic distributions at the plot thetas.
    const eventsPath = join(ctx.out, "events.h5");
    const da = new DataAnalyzer(await openEventsFile(eventsPath));
    const names = ctx.config.plots.observables ?? da.observableNames.slice(0, 6);
    const O = da.nObservables;
    const idx = names.map((n) => da.observableNames.indexOf(n));
    let x: Float64Array | null = null;
    let n = 0;
    const sets = [];
    for (const [k, t] of ctx.config.plots.thetas.entries()) {
      const ev = await da.weightedEvents({ theta: thetaVector(t, setup, `plots.thetas[${k}]`) });
      if (!x) {
        n = ev.n;
        x = new Float64Array(n * names.length);
        for (let i = 0; i < n; i++) idx.forEach((o, j) => (x![i * names.length + j] = ev.x[i * O + o]));
      }
      sets.push({ label: thetaLabel(t), weights: ev.weights, dash: k === 0 ? undefined : k === 1 ? "6 3" : "2 2" });
    }
    await save("distributions", plotDistributions(x!, names, sets, { bins: 25 }));
    // Morphing basis.
    const morphing = setup.morphing;
    if (morphing) {
      const basis = setup.benchmarks.filter((b) => !b.isNuisance).map((b) => b.values);
      const m = { basis, weights: (theta: number[]) => morphingWeights(morphing.matrix, morphing.components, theta) };
      const ranges = setup.parameters.map((p) => p.range);
      const fig = P === 2 ? plot2dMorphingBasis(m, { xRange: ranges[0], yRange: ranges[1], xLabel: labels[0], yLabel: labels[1] }) : plotNdMorphingBasisSlices(m, { ranges, parameterLabels: labels });
      await save("morphing_basis", fig);
    } else {
      ctx.warn("the setup has no morphing: morphing_basis figure skipped");
    }
    bar.done(`${done} figures → figures/`);
  },
};
