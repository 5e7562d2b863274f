import { describe, expect, it } from "vitest";
import { labelSvg, labelText, parseLabel } from "../src/label.js";
import { linearTicks, niceDomain, tickLabel } from "../src/scale.js";

describe("physics labels", () => {
  it("turns TeX Greek letters, subscripts and superscripts into runs", () => {
    expect(parseLabel("$\\theta_0$")).toEqual([{ text: "θ", level: 0 }, { text: "0", level: -1 }]);
    expect(parseLabel("$c_{LL}/\\Lambda^2$ [TeV$^{-2}$]")).toEqual([
      { text: "c", level: 0 },
      { text: "LL", level: -1 },
      { text: "/Λ", level: 0 },
      { text: "2", level: 1 },
      { text: " [TeV", level: 0 },
      { text: "−2", level: 1 },
      { text: "]", level: 0 },
    ]);
    expect(labelText("$p_{T,j1}$ [GeV]")).toBe("p_T,j1 [GeV]");
    expect(labelText("\\cos\\theta")).toBe("cosθ");
    expect(labelText("\\mathrm{d}\\sigma")).toBe("dσ");
  });
  it("keeps plain names literal: underscores outside $...$ are not subscripts", () => {
    expect(parseLabel("cos_theta")).toEqual([{ text: "cos_theta", level: 0 }]);
    expect(parseLabel("histogram (pt_j1) $\\theta_0$")).toEqual([{ text: "histogram (pt_j1) θ", level: 0 }, { text: "0", level: -1 }]);
  });
  it("escapes XML and shifts scripts with tspans", () => {
    const svg = labelSvg("$a<b_1$", { x: 0, y: 0 });
    expect(svg).toContain("a&lt;b");
    expect(svg).toMatch(/<tspan dy="3.9" font-size="9.36">1<\/tspan>/);
  });
});

describe("ticks", () => {
  it("uses 1-2-5 steps inside the domain", () => {
    expect(linearTicks(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(linearTicks(0, 200, 4)).toEqual([0, 50, 100, 150, 200]);
    expect(linearTicks(-20, 20, 4)).toEqual([-20, -10, 0, 10, 20]);
    expect(niceDomain(0.3, 9.7, 5)).toEqual([0, 10]);
  });
  it("labels ticks without float noise, minus signs and powers of ten", () => {
    expect(tickLabel(0.30000000000000004)).toBe("0.3");
    expect(tickLabel(-2)).toBe("−2");
    expect(tickLabel(100, true)).toBe("10^{2}");
    expect(tickLabel(2e-5)).toBe("2×10^{-5}");
  });
});
