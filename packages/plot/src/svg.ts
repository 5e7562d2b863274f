// A tiny SVG writer: elements as strings with fixed-precision numbers, so
// that output is deterministic and snapshot-friendly (no DOM, no browser).

/** Formats a coordinate with at most two decimals and no trailing zeros. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return "0";
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/** Escapes text for XML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export type Attrs = Record<string, string | number | undefined | null>;

function attrs(a: Attrs): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null) continue;
    out += ` ${k}="${typeof v === "number" ? fmt(v) : escapeXml(v)}"`;
  }
  return out;
}

/** One element; `children` is already-serialised SVG (or undefined for an empty element). */
export function el(name: string, a: Attrs = {}, children?: string): string {
  return children === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;
}

/** A polyline path through points (skips non-finite points by starting a new segment). */
export function pathThrough(xs: ArrayLike<number>, ys: ArrayLike<number>, close = false): string {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${fmt(x)},${fmt(y)}`;
    pen = true;
  }
  return close && d ? d + "Z" : d;
}

/** The font stack used everywhere: the shipped DejaVu Sans first (see png.ts). */
export const FONT_FAMILY = "DejaVu Sans, sans-serif";

/** A complete SVG document. */
export function svgDocument(width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" font-family="${FONT_FAMILY}" font-size="13">` +
    el("rect", { width, height, fill: "white" }) +
    body +
    "</svg>\n"
  );
}
