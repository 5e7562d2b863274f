// plot_distribution_of_information: the cross section per bin of an
// observable (histogram, left axis) and where the Fisher information sits
// (det(I_bin)^(1/p) per bin width, right axis), optionally a second
// ("aux") set of matrices as a dashed line.
import { InputError } from "@mm/util";
import { paletteColor } from "./colors.js";
import { figure, legend, legendBoxWidth, type Figure } from "./figure.js";
import { panel } from "./frame.js";
import { determinantScale } from "./fisher-barplot.js";
import { type MatrixLike } from "./matrix.js";
import { niceDomain } from "./scale.js";
import { el, pathThrough } from "./svg.js";

/** Options of `plotDistributionOfInformation` (Python's `plot_distribution_of_information`). */
export interface DistributionOfInformationOptions {
  informationsAux?: MatrixLike[];
  xLabel?: string;
  xMin?: number;
  xMax?: number;
  /** Cross sections on a log axis. */
  logXsec?: boolean;
  /** Normalise cross sections to unit sum (default true). */
  normXsec?: boolean;
  labels?: { xsec?: string; information?: string; aux?: string };
  width?: number;
  height?: number;
}

function stepPath(edges: ArrayLike<number>, values: ArrayLike<number>, fx: (v: number) => number, fy: (v: number) => number): string {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let b = 0; b < values.length; b++) {
    xs.push(fx(edges[b]), fx(edges[b + 1]));
    ys.push(fy(values[b]), fy(values[b]));
  }
  return pathThrough(xs, ys);
}

/**
 * @param xbins bin edges (length nBins + 1; infinite outer edges are clamped to xMin/xMax)
 * @param xsecs cross section per bin (pb)
 * @param informations Fisher information matrix per bin
 */
export function plotDistributionOfInformation(xbins: ArrayLike<number>, xsecs: ArrayLike<number>, informations: MatrixLike[], options: DistributionOfInformationOptions = {}): Figure {
  const nb = xsecs.length;
  if (xbins.length !== nb + 1) throw new InputError(`plotDistributionOfInformation: ${xbins.length} bin edges for ${nb} cross sections; expected ${nb + 1}`);
  if (informations.length !== nb) throw new InputError(`plotDistributionOfInformation: ${informations.length} information matrices for ${nb} bins`);
  const finite = Array.from(xbins).filter(Number.isFinite);
  const span = Math.max(...finite) - Math.min(...finite) || 1;
  const xMin = options.xMin ?? Math.min(...finite) - (Number.isFinite(xbins[0]) ? 0 : 0.1 * span);
  const xMax = options.xMax ?? Math.max(...finite) + (Number.isFinite(xbins[nb]) ? 0 : 0.1 * span);
  const edges = Array.from(xbins, (e) => Math.min(xMax, Math.max(xMin, e)));
  const total = Array.from(xsecs).reduce((a, b) => a + b, 0);
  const xs = Array.from(xsecs, (v) => (options.normXsec ?? true ? v / (total || 1) : v));
  const info = determinantScale(informations);
  const aux = options.informationsAux ? determinantScale(options.informationsAux) : null;
  const infoMax = Math.max(...info, ...(aux ?? []), 1e-300);
  const infoNorm = info.map((v) => v / infoMax);
  const auxNorm = aux?.map((v) => v / infoMax);
  const W = options.width ?? 560;
  const H = options.height ?? 420;
  const xsMax = Math.max(...xs);
  const xsPos = xs.filter((v) => v > 0);
  const yDomain: [number, number] = options.logXsec ? [Math.pow(10, Math.floor(Math.log10(Math.min(...xsPos)))), Math.pow(10, Math.ceil(Math.log10(xsMax)))] : niceDomain(0, xsMax * 1.15);
  const normLabel = options.normXsec ?? true ? "normalised cross section" : "σ [pb]";
  const left = panel({ left: 80, top: 20, width: W - 160, height: H - 84, xDomain: [xMin, xMax], yDomain, yLog: options.logXsec, xLabel: options.xLabel ?? "x", yLabel: normLabel, yTickSides: "left" });
  const right = panel({ ...left.options, yDomain: [0, 1.15], yLog: false, yLabel: "information det(I)^{1/p} (norm.)", yRight: true, yTickSides: "right", noXTicks: true, xLabel: undefined, title: undefined });
  let marks = "";
  for (let b = 0; b < nb; b++) {
    const y0 = left.y(options.logXsec ? yDomain[0] : 0);
    const y1 = left.y(Math.max(xs[b], yDomain[0]));
    marks += el("rect", { x: left.x(edges[b]), y: y1, width: left.x(edges[b + 1]) - left.x(edges[b]), height: y0 - y1, fill: "#bbbbbb", "fill-opacity": 0.7 });
  }
  marks += el("path", { d: stepPath(edges, infoNorm, right.x, right.y), fill: "none", stroke: paletteColor(0), "stroke-width": 2.2 });
  if (auxNorm) marks += el("path", { d: stepPath(edges, auxNorm, right.x, right.y), fill: "none", stroke: paletteColor(1), "stroke-width": 2, "stroke-dasharray": "6 4" });
  const entries = [
    { label: options.labels?.xsec ?? "cross section", color: "#bbbbbb", kind: "bar" as const },
    { label: options.labels?.information ?? "Fisher information", color: paletteColor(0) },
    ...(auxNorm ? [{ label: options.labels?.aux ?? "information (aux)", color: paletteColor(1), dash: "6 4" }] : []),
  ];
  // The legend goes in the upper corner where the bars and lines stay lowest (the information
  // often peaks in the last, overflow bin, right under a fixed top-right legend).
  const legendSize = 11;
  const legendWidth = legendBoxWidth(entries, legendSize);
  const height = left.options.height;
  const heightAt = (px0: number, px1: number): number => {
    let top = 0;
    for (let b = 0; b < nb; b++) {
      const a = left.x(edges[b]);
      const z = left.x(edges[b + 1]);
      if (z <= px0 || a >= px1) continue;
      const ys = [left.y(Math.max(xs[b], yDomain[0])), right.y(infoNorm[b]), ...(auxNorm ? [right.y(auxNorm[b])] : [])];
      for (const y of ys) top = Math.max(top, (left.options.top + height - y) / height);
    }
    return top;
  };
  const xLeft = left.options.left + 8;
  const xRight = left.options.left + left.options.width - legendWidth - 8;
  const legendX = heightAt(xLeft, xLeft + legendWidth) < heightAt(xRight, xRight + legendWidth) ? xLeft : xRight;
  const body = el("defs", {}, left.defs()) + el("g", { "clip-path": `url(#${left.clipId})` }, marks) + right.axes() + left.axes() + legend(entries, legendX, left.options.top + 8, legendSize);
  return figure(W, H, body);
}
