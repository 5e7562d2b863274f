// An axes panel: scales for a plot rectangle, a frame with ticks on all four
// sides (ticks inward, as physics plots have them), tick labels and axis labels.
import { labelSvg, parseLabel } from "./label.js";
import { linearScale, logScale, tickLabel, type Scale } from "./scale.js";
import { el, fmt } from "./svg.js";

export interface PanelOptions {
  /** Plot rectangle (inside the axes) in figure pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  xDomain: [number, number];
  yDomain: [number, number];
  xLog?: boolean;
  yLog?: boolean;
  xLabel?: string;
  yLabel?: string;
  title?: string;
  /** Font size of tick labels; axis labels are 1.15 times larger. */
  fontSize?: number;
  xTickCount?: number;
  yTickCount?: number;
  /** Hide the tick labels of an axis (shared axes in grids). */
  hideXTickLabels?: boolean;
  hideYTickLabels?: boolean;
  /** Put the y axis labels on the right (twin axes). */
  yRight?: boolean;
  /** Which sides get y ticks (default both; twin axes use one side each). */
  yTickSides?: "both" | "left" | "right";
  /** No x ticks at all (categorical axes, twin axes). */
  noXTicks?: boolean;
}

export interface Panel {
  x: Scale;
  y: Scale;
  options: PanelOptions;
  /** A clip-path id for marks that must stay inside the rectangle. */
  clipId: string;
  /** <defs> with the clip path. */
  defs(): string;
  /** Frame, ticks and labels (draw last so that the frame is on top). */
  axes(): string;
}

let panelCounter = 0;

/** Resets the clip-path id counter (tests: deterministic ids per figure). */
export function resetPanelIds(): void {
  panelCounter = 0;
}

export function panel(o: PanelOptions): Panel {
  const x = (o.xLog ? logScale : linearScale)(o.xDomain, [o.left, o.left + o.width]);
  const y = (o.yLog ? logScale : linearScale)(o.yDomain, [o.top + o.height, o.top]);
  const clipId = `clip${++panelCounter}`;
  const fs = o.fontSize ?? 13;
  return {
    x,
    y,
    options: o,
    clipId,
    defs: () => el("clipPath", { id: clipId }, el("rect", { x: o.left, y: o.top, width: o.width, height: o.height })),
    axes: () => {
      let out = "";
      const tick = 5;
      const xt = o.noXTicks ? [] : x.ticks(o.xTickCount ?? 5);
      const sides = o.yTickSides ?? "both";
      const yt = y.ticks(o.yTickCount ?? 5);
      let d = "";
      const bottom = o.top + o.height;
      const right = o.left + o.width;
      for (const v of xt) {
        const px = x(v);
        if (px < o.left - 0.5 || px > right + 0.5) continue;
        d += `M${fmt(px)},${fmt(bottom)}v${-tick}M${fmt(px)},${fmt(o.top)}v${tick}`;
        if (!o.hideXTickLabels) out += labelSvg(tickLabel(v, x.log), { x: px, y: bottom + fs + 4, size: fs, anchor: "middle" });
      }
      for (const v of yt) {
        const py = y(v);
        if (py < o.top - 0.5 || py > bottom + 0.5) continue;
        if (sides !== "right") d += `M${fmt(o.left)},${fmt(py)}h${tick}`;
        if (sides !== "left") d += `M${fmt(right)},${fmt(py)}h${-tick}`;
        if (!o.hideYTickLabels) {
          out += o.yRight
            ? labelSvg(tickLabel(v, y.log), { x: right + 5, y: py + fs * 0.35, size: fs, anchor: "start" })
            : labelSvg(tickLabel(v, y.log), { x: o.left - 5, y: py + fs * 0.35, size: fs, anchor: "end" });
        }
      }
      out += el("path", { d, stroke: "black", "stroke-width": 1, fill: "none" });
      out += el("rect", { x: o.left, y: o.top, width: o.width, height: o.height, fill: "none", stroke: "black", "stroke-width": 1.2 });
      const ls = fs * 1.15;
      if (o.xLabel) out += labelSvg(o.xLabel, { x: o.left + o.width / 2, y: bottom + fs + ls + 12, size: ls, anchor: "middle" });
      if (o.yLabel) {
        const widest = o.hideYTickLabels ? 0 : Math.max(...yt.map((v) => labelWidth(tickLabel(v, y.log), fs)), fs * 0.62);
        const yx = o.yRight ? right + 10 + widest + ls * 0.9 : o.left - 10 - widest - ls * 0.35;
        out += labelSvg(o.yLabel, { x: yx, y: o.top + o.height / 2, size: ls, anchor: "middle", rotate: o.yRight ? 90 : -90 });
      }
      if (o.title) out += labelSvg(o.title, { x: o.left + o.width / 2, y: o.top - 8, size: ls, anchor: "middle" });
      return out;
    },
  };
}

/** Approximate rendered width of a label in DejaVu Sans (0.62 em per character; scripts at 72%). */
export function labelWidth(source: string, size: number): number {
  return parseLabel(source).reduce((w, r) => w + r.text.length * size * 0.62 * (r.level === 0 ? 1 : 0.72), 0);
}
