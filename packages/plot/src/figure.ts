// The Figure value every plot function returns, plus shared decorations
// (legend, colour bar) and writing a figure as SVG and PNG.
import { writeFileAtomic } from "@mm/util";
import { viridis } from "./colors.js";
import { panel } from "./frame.js";
import { labelSvg, labelText } from "./label.js";
import { svgToPng } from "./png.js";
import { el, svgDocument } from "./svg.js";

/** A rendered figure: a standalone SVG document and its size in CSS pixels. */
export interface Figure {
  svg: string;
  width: number;
  height: number;
}

export function figure(width: number, height: number, body: string): Figure {
  return { svg: svgDocument(width, height, body), width, height };
}

/** One row of a figure legend: label (TeX-ish), colour, optional SVG dash array, and the kind of swatch drawn. */
export interface LegendEntry {
  label: string;
  color: string;
  dash?: string;
  kind?: "line" | "band" | "marker" | "bar";
}

/** The width in pixels of the legend box that `legend` draws for these entries. */
export function legendBoxWidth(entries: LegendEntry[], size = 12): number {
  return 30 + Math.max(...entries.map((e) => labelText(e.label).length)) * size * 0.6 + 10;
}

/** A legend box with its top-left corner at (x, y). */
export function legend(entries: LegendEntry[], x: number, y: number, size = 12): string {
  if (!entries.length) return "";
  const line = size * 1.45;
  const width = legendBoxWidth(entries, size);
  let out = el("rect", { x, y, width, height: entries.length * line + 8, fill: "white", "fill-opacity": 0.85, stroke: "#999", "stroke-width": 0.6, rx: 3 });
  entries.forEach((e, i) => {
    const cy = y + 4 + line * (i + 0.5);
    if (e.kind === "band" || e.kind === "bar") out += el("rect", { x: x + 6, y: cy - 5, width: 20, height: 10, fill: e.color, "fill-opacity": e.kind === "band" ? 0.3 : 0.85 });
    else if (e.kind === "marker") out += el("circle", { cx: x + 16, cy, r: 4, fill: e.color });
    else out += el("path", { d: `M${x + 6},${cy}h20`, stroke: e.color, "stroke-width": 2, "stroke-dasharray": e.dash });
    out += labelSvg(e.label, { x: x + 32, y: cy + size * 0.35, size });
  });
  return out;
}

/** A vertical log-scale viridis colour bar for [lo, hi] at the given rectangle. */
export function colorBar(lo: number, hi: number, left: number, top: number, width: number, height: number, label: string, fontSize = 12): string {
  const steps = 48;
  let out = "";
  for (let k = 0; k < steps; k++) {
    const h = height / steps;
    out += el("rect", { x: left, y: top + height - (k + 1) * h, width, height: h + 0.5, fill: viridis((k + 0.5) / steps) });
  }
  const p = panel({ left, top, width, height, xDomain: [0, 1], yDomain: [lo, hi], yLog: true, yLabel: label, yRight: true, fontSize, noXTicks: true, yTickSides: "right" });
  return out + p.axes();
}

/** Writes `base.svg` and `base.png` (atomically); returns the two paths. */
export async function writeFigure(base: string, fig: Figure, options: { scale?: number } = {}): Promise<{ svg: string; png: string }> {
  const svgPath = base + ".svg";
  const pngPath = base + ".png";
  await writeFileAtomic(svgPath, fig.svg);
  await writeFileAtomic(pngPath, svgToPng(fig.svg, { scale: options.scale ?? 2 }));
  return { svg: svgPath, png: pngPath };
}
