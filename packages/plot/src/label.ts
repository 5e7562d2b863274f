// Physics-notation labels: a small subset of TeX ($\theta_0$, c_{LL}/\Lambda^2,
// p_{T,j1} [GeV], \sigma ...) rendered as SVG text with Unicode Greek letters
// and sub/superscript tspans. Unknown commands are kept as written.
import { el, escapeXml } from "./svg.js";

const SYMBOLS: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η", theta: "θ",
  iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ",
  upsilon: "υ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω",
  Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
  times: "×", cdot: "·", pm: "±", to: "→", rightarrow: "→", infty: "∞", sqrt: "√", ell: "ℓ", partial: "∂",
  le: "≤", leq: "≤", ge: "≥", geq: "≥", approx: "≈", sim: "∼", prime: "′", gamma_: "γ",
  cos: "cos", sin: "sin", tan: "tan", log: "log", ln: "ln", exp: "exp", det: "det", min: "min", max: "max",
  ",": " ", ";": " ", " ": " ", "!": "", "{": "{", "}": "}", "%": "%", "$": "$", "_": "_",
};
const WRAPPERS = new Set(["mathrm", "text", "textrm", "mathit", "mathbf", "bf", "rm", "operatorname", "mathsf"]);

/** A run of text at a baseline level (0 normal, -1 subscript, +1 superscript). */
export interface Run {
  text: string;
  level: number;
}

/**
 * Parses a label into runs. With `$...$` only the math parts are TeX (text
 * outside stays literal, so `cos_theta [$\mu$m]` keeps its underscore); a
 * label without `$` is TeX when it has a command, `^` or braces, else literal.
 */
export function parseLabel(source: string): Run[] {
  if (source.includes("$")) {
    const runs: Run[] = [];
    source.split("$").forEach((part, k) => {
      for (const r of k % 2 === 1 ? parseTex(part) : part ? [{ text: part, level: 0 }] : []) {
        const last = runs[runs.length - 1];
        if (last && last.level === r.level) last.text += r.text;
        else runs.push({ ...r });
      }
    });
    return runs;
  }
  if (/[\\^{}]/.test(source)) return parseTex(source);
  return source ? [{ text: source, level: 0 }] : [];
}

function parseTex(source: string): Run[] {
  const runs: Run[] = [];
  const push = (text: string, level: number) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last && last.level === level) last.text += text;
    else runs.push({ text, level });
  };
  let i = 0;
  const s = source;
  // Reads one group ({...}, a command, or one character) and emits it at `level`.
  const readAtom = (level: number): void => {
    const c = s[i];
    if (c === "{") {
      i++;
      while (i < s.length && s[i] !== "}") readToken(level);
      i++;
    } else if (c === "\\") {
      readCommand(level);
    } else if (c !== undefined) {
      push(c, level);
      i++;
    }
  };
  const readCommand = (level: number): void => {
    i++;
    let name = "";
    if (/[A-Za-z]/.test(s[i] ?? "")) {
      while (i < s.length && /[A-Za-z]/.test(s[i])) name += s[i++];
    } else {
      name = s[i++] ?? "";
    }
    if (WRAPPERS.has(name)) {
      if (s[i] === "{") readAtom(level);
      return;
    }
    if (name === "left" || name === "right") return;
    push(SYMBOLS[name] ?? "\\" + name, level);
    if (/^[A-Za-z]+$/.test(name) && s[i] === " ") i++;
  };
  const readToken = (level: number): void => {
    const c = s[i];
    if (c === "_" || c === "^") {
      i++;
      readAtom(c === "_" ? Math.min(level, 0) - 1 : Math.max(level, 0) + 1);
    } else if (c === "-" && level !== 0) {
      push("−", level);
      i++;
    } else {
      readAtom(level);
    }
  };
  while (i < s.length) readToken(0);
  return runs;
}

/** Plain-text form (for HTML titles, alt text, JSON). */
export function labelText(source: string): string {
  return parseLabel(source)
    .map((r) => (r.level < 0 ? "_" : r.level > 0 ? "^" : "") + r.text)
    .join("");
}

/** Position (SVG user units) and style of a label drawn by `labelSvg`; `rotate` in degrees about (x, y). */
export interface TextOptions {
  x: number;
  y: number;
  size?: number;
  anchor?: "start" | "middle" | "end";
  rotate?: number;
  weight?: "normal" | "bold";
  fill?: string;
  baseline?: "auto" | "middle" | "hanging" | "central";
}

/** An SVG <text> for a physics label, with sub/superscripts as shifted, smaller tspans. */
export function labelSvg(source: string, o: TextOptions): string {
  const size = o.size ?? 13;
  const runs = parseLabel(source);
  let body = "";
  let level = 0;
  for (const r of runs) {
    // dy is relative to the previous run: move from the old level to the new one.
    const shift = (lv: number) => (lv === 0 ? 0 : lv < 0 ? 0.3 * size : -0.4 * size * lv);
    const dy = shift(r.level) - shift(level);
    level = r.level;
    const a: Record<string, string | number | undefined> = {};
    if (dy !== 0) a.dy = dy;
    if (r.level !== 0) a["font-size"] = size * 0.72;
    body += Object.keys(a).length ? el("tspan", a, escapeXml(r.text)) : escapeXml(r.text);
  }
  const transform = o.rotate ? `rotate(${o.rotate} ${o.x} ${o.y})` : undefined;
  return el(
    "text",
    {
      x: o.x,
      y: o.y,
      "font-size": size,
      "text-anchor": o.anchor ?? "start",
      "dominant-baseline": o.baseline && o.baseline !== "auto" ? o.baseline : undefined,
      "font-weight": o.weight === "bold" ? "bold" : undefined,
      fill: o.fill,
      transform,
    },
    body,
  );
}
