// SVG → PNG with resvg, using only the DejaVu Sans font shipped as an npm
// dependency (dejavu-fonts-ttf), never system fonts, so every machine renders
// the same pixels.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";

const require = createRequire(import.meta.url);
let fontFiles: string[] | null = null;

/** Paths of the shipped TTF files (regular, bold, oblique). */
export function shippedFonts(): string[] {
  if (!fontFiles) {
    const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fontFiles = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"].map((f) => join(dir, f));
  }
  return fontFiles;
}

/** Options of `svgToPng`. */
export interface PngOptions {
  /** Pixel density: 2 gives a 2x image (default), good for papers and screens. */
  scale?: number;
}

/** Renders an SVG document to PNG bytes. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: shippedFonts(), defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
