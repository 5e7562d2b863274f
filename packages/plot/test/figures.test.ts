// Whole-figure snapshots (numbers rounded to 0.1 px; a mismatch writes
// test/snapshots/NAME-changed.svg to compare), plus geometric checks against
// analytic values and the PNG rendering with the shipped font.
import { describe, expect, it } from "vitest";
import {
  plot2dMorphingBasis,
  plotDistributionOfInformation,
  plotDistributions,
  plotFisherInformationContours2d,
  plotFisherinfoBarplot,
  plotNdMorphingBasisScatter,
  plotNdMorphingBasisSlices,
  resetPanelIds,
  svgToPng,
  morphingErrorFactor,
  determinantScale,
  weightedHistogram,
} from "../src/index.js";
import { matchesSnapshot, quadraticMorpher } from "./helpers.js";

const BASIS = [[0, 0], [15.2, 0.1], [-15.4, 0.2], [0.3, 15.1], [0.4, -15.3], [-12.2, 12.8]];

function figures() {
  resetPanelIds();
  const m = quadraticMorpher(BASIS);
  const n = 400;
  const obs = new Float64Array(n * 2);
  const w0 = new Float64Array(n).fill(1);
  const w1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    obs[2 * i] = (i * 0.5) % 200;
    obs[2 * i + 1] = Math.cos(i);
    w1[i] = 1 + obs[2 * i] / 100;
  }
  return {
    morphing2d: plot2dMorphingBasis(m, { xRange: [-20, 20], yRange: [-20, 20], resolution: 20, xLabel: "$C_W/\\Lambda^2$", yLabel: "$C_{\\Phi W}/\\Lambda^2$" }),
    morphingScatter: plotNdMorphingBasisScatter(m, { ranges: [[-20, 20], [-20, 20]], nTestThetas: 200, seed: 3 }),
    morphingSlices: plotNdMorphingBasisSlices(m, { ranges: [[-20, 20], [-20, 20]], resolution: 12 }),
    contours: plotFisherInformationContours2d([[[4, 1], [1, 2]], [[1, 0], [0, 0.5]]], {
      covariances: [null, [0.1, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0, 0, 0.05]],
      labels: ["truth", "SALLY"],
      xRange: [-2, 2],
      yRange: [-2, 2],
      resolution: 90,
    }),
    barplot: plotFisherinfoBarplot([[[4, 1], [1, 2]], [[1, 0], [0, 0.5]]], ["truth", "rate"]),
    information: plotDistributionOfInformation([0, 50, 100, Infinity], [3, 2, 1], [[[1, 0], [0, 1]], [[2, 0], [0, 2]], [[4, 0], [0, 4]]], { xLabel: "$p_{T}$ [GeV]" }),
    distributions: plotDistributions(obs, ["pt", "c"], [{ label: "SM", weights: w0 }, { label: "BSM", weights: w1 }], { bins: 10, labels: ["$p_T$ [GeV]", "$\\cos\\theta$"] }),
  };
}

describe("figure snapshots", () => {
  const figs = figures();
  for (const [name, fig] of Object.entries(figs)) {
    it(`${name} matches its snapshot`, () => {
      expect(fig.svg.startsWith("<svg")).toBe(true);
      expect(matchesSnapshot(name, fig.svg), `see test/snapshots/${name}-changed.svg`).toBe(true);
    });
  }
  it("is deterministic (same input and seed, same bytes)", () => {
    const again = figures();
    for (const [name, fig] of Object.entries(figs)) expect(again[name as keyof typeof again].svg).toBe(fig.svg);
  });
});

describe("figure geometry against analytic values", () => {
  it("the Fisher contour of diag(4, 1) at distance 1 passes through (±0.5, 0) and (0, ±1)", () => {
    // Panel: left 78, width 420 for [-2, 2] → 105 px per unit; top 20, height 386 → 96.5 px per unit; centre (288, 213).
    const fig = plotFisherInformationContours2d([[[4, 0], [0, 1]]], { xRange: [-2, 2], yRange: [-2, 2], resolution: 4 });
    const d = /<path d="(M[^"]+Z)" fill="none" stroke="#0072B2"/.exec(fig.svg)?.[1];
    expect(d).toBe("M340.5,213L288,116.5L235.5,213L288,309.5L340.5,213Z");
  });
  it("√Σw² is 1 at every basis point (weights are the unit vector there; 1e-9 for the 6×6 inversion)", () => {
    const m = quadraticMorpher(BASIS);
    for (const t of BASIS) expect(morphingErrorFactor(m, t)).toBeCloseTo(1, 9);
  });
  it("the information plot puts its legend in the upper corner where the data stay lowest", () => {
    const I = (k: number) => [[k, 0], [0, k]];
    const legendX = (xsecs: number[], infos: number[]) => Number(/<rect x="([\d.]+)" y="28" width="[\d.]+" height="[\d.]+" fill="white"/.exec(plotDistributionOfInformation([0, 1, 2, 3, 4], xsecs, infos.map(I)).svg)?.[1]);
    // Panel from x = 80 to 480: left corner at 88; right corner at 480 - width - 8.
    expect(legendX([1, 1, 1, 8], [1, 1, 1, 9])).toBe(88); // both peak on the right (an overflow bin)
    expect(legendX([8, 1, 1, 1], [9, 1, 1, 1])).toBeGreaterThan(300); // both peak on the left
  });
  it("det(I)^(1/p) and weighted histograms", () => {
    expect(determinantScale([[[4, 0], [0, 1]]])[0]).toBeCloseTo(2, 12);
    expect(determinantScale([[[4, 0, 0], [0, 1, 0], [0, 0, 9]]], [0, 2])[0]).toBeCloseTo(6, 12);
    expect(Array.from(weightedHistogram([0.1, 0.2, 0.6, 1.5], [1, 2, 3, 4], 0, 1, 2))).toEqual([3, 3]);
  });
});

describe("PNG rendering", () => {
  it("renders with the shipped DejaVu font at 2x (text produces dark pixels)", () => {
    const fig = plotFisherinfoBarplot([[[4, 1], [1, 2]]], ["truth"]);
    const png = svgToPng(fig.svg, { scale: 2 });
    expect(Array.from(png.slice(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(fig.width * 2);
    expect(view.getUint32(20)).toBe(fig.height * 2);
    // Text-only SVG: without a loaded font, resvg draws nothing.
    const text = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><text x="2" y="15" font-family="DejaVu Sans" font-size="14">θ₀ pT</text></svg>');
    const withoutText = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"></svg>');
    expect(text.length).toBeGreaterThan(withoutText.length + 100);
  });
});
