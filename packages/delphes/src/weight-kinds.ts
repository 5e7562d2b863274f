// What a declared LHE weight is — a MadGraph reweighting point, a scale
// variation, a PDF member, the nominal weight — decided from its content
// (attributes MUR/MUF/PDF/DYN_SCALE, description text such as "muR=2 muF=1",
// "renscfact=2d0", "set param_card ...", or an id such as MUR2.0_MUF1.0_PDF260000),
// never from the weight group's name, which generators spell freely.
import type { LHEWeightInfo } from "./lhe-header.js";
import { parseFortranNumber } from "./numbers.js";

/** What a declared LHE weight is: a MadGraph reweighting point, the nominal weight, a scale variation, a PDF member, or none of these. */
export type WeightKind = "reweighting" | "nominal" | "scale" | "pdf" | "other";

/** The kind of a declared LHE weight and the scale factors, PDF member and dynamical scale it states, from `classifyWeight`. */
export interface WeightClass {
  kind: WeightKind;
  /** Renormalisation / factorisation scale factors, when stated. */
  mur?: number;
  muf?: number;
  /** LHAPDF id of the PDF member, when stated. */
  pdf?: number;
  /** Dynamical-scale choice, when stated (MadGraph DYN_SCALE / dyn=). */
  dynScale?: number;
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const v = parseFortranNumber(s.trim());
  return Number.isFinite(v) ? v : undefined;
};

function fromText(text: string, keys: string[]): number | undefined {
  for (const k of keys) {
    const m = new RegExp(`(?:^|[\\s_,;(])${k}\\s*[=:]?\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eEdD][+-]?\\d+)?)`, "i").exec(text);
    if (m) return num(m[1]);
  }
  return undefined;
}

/** Classifies one declared weight from its attributes, description and id. */
export function classifyWeight(w: LHEWeightInfo): WeightClass {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.attributes)) a[k.toLowerCase()] = v;
  const text = `${w.description} ${w.id}`;
  if (/(^|\n)\s*set\s+(param_card\s+)?\S+\s+\S+/i.test(w.description) || /(^|\n)\s*launch\b/i.test(w.description)) {
    return { kind: "reweighting" };
  }
  const mur = num(a.mur) ?? fromText(text, ["mur", "renscfact", "muR"]);
  const muf = num(a.muf) ?? fromText(text, ["muf", "facscfact", "muF"]);
  const pdf = num(a.pdf) ?? fromText(text, ["lhapdf2", "lhapdf", "pdfset", "pdf"]);
  const dynRaw = a.dyn_scale ?? a.dynscale ?? undefined;
  let dynScale = num(dynRaw);
  if (dynScale === undefined) {
    const d = /(?:^|\s)dyn(?:_scale_choice)?\s*=\s*(-?\d+)/i.exec(w.description);
    if (d) dynScale = Number(d[1]);
  }
  const out: WeightClass = { kind: "other" };
  if (mur !== undefined) out.mur = mur;
  if (muf !== undefined) out.muf = muf;
  if (pdf !== undefined) out.pdf = pdf;
  if (dynScale !== undefined) out.dynScale = dynScale;
  const scaleVaried = (mur !== undefined && mur !== 1) || (muf !== undefined && muf !== 1) || (dynScale !== undefined && dynScale !== -1 && a.dyn_scale !== undefined);
  if (scaleVaried) out.kind = "scale";
  else if (/^\s*(default|nominal|central)\b/i.test(w.description)) out.kind = "nominal";
  else if (pdf !== undefined && pdf % 1000 !== 0) out.kind = "pdf";
  else if (mur !== undefined || muf !== undefined || pdf !== undefined) out.kind = "nominal";
  return out;
}
