// The LHE header: <initrwgt> weight declarations (groups, ids, descriptions
// over several lines), the MadGraph run card (event_norm, nevents) and <init>.
// Parsed with small tag scanners over the header text, never as an XML DOM;
// tolerant of the real-world deviations seen in the corpus (trailing text after
// closing tags, two <initrwgt> blocks, double or single quotes), and strict
// where guessing would mislabel weights.
import { parseFortranNumber } from "./numbers.js";

/** One declared weight (`<weight id=...>description</weight>`). */
export interface LHEWeightInfo {
  id: string;
  /** Text between the tags, trimmed; several lines joined with "\n". */
  description: string;
  /** Name (or type) of the enclosing weight group, null outside any group. */
  group: string | null;
  /** Other attributes (MUR, MUF, PDF, DYN_SCALE, ...). */
  attributes: Record<string, string>;
  /** 1-based line of the declaration in the file. */
  line: number;
}

/** A `<weightgroup>` of the `<initrwgt>` block and the ids of the weights it declares. */
export interface LHEWeightGroup {
  /** `name` attribute, else `type`, else null. */
  name: string | null;
  attributes: Record<string, string>;
  weightIds: string[];
}

/** One process line of the `<init>` block (HEPRUP): XSECUP (pb), XERRUP (pb), XMAXUP and LPRUP. */
export interface LHEProcessInfo {
  xsec: number;
  xsecError: number;
  maxWeight: number;
  processId: number;
}

/**
 * The `<init>` block (HEPRUP): beam PDG ids and energies (GeV), PDF author groups and sets,
 * the weighting strategy IDWTUP and one entry per process.
 */
export interface LHEInit {
  beamIds: [number, number];
  beamEnergies: [number, number];
  pdfGroups: [number, number];
  pdfSets: [number, number];
  weightingStrategy: number;
  processes: LHEProcessInfo[];
}

/** Everything an LHE file declares before its first event, as parsed by `parseLHEHeader`. */
export interface LHEHeader {
  /** `version` attribute of <LesHouchesEvents>, null for headerless files. */
  version: string | null;
  /** Whether a <header> block was present. */
  hasHeader: boolean;
  /** MadGraph version from <MGVersion>, when present. */
  mgVersion: string | null;
  /** Run card entries (key → value) from <MGRunCard>, null when absent. */
  runCard: Record<string, string> | null;
  /** `event_norm` from the run card ("sum", "average", "unity", "bias"), null when absent. */
  eventNorm: string | null;
  /** `nevents` from the run card, null when absent. */
  nEventsRunCard: number | null;
  /** Integrated weight (pb) from <MGGenerationInfo>, when present. */
  integratedWeight: number | null;
  weightGroups: LHEWeightGroup[];
  /** Declared weights, unique by id, in declaration order (first declaration wins). */
  weights: LHEWeightInfo[];
  /** Number of <weight> declarations including repeats (LHEF3 allows a second <initrwgt> in <init>). */
  nWeightDeclarations: number;
  init: LHEInit | null;
  /** Recoverable oddities, each naming the line. */
  warnings: string[];
}

const ATTR = /([A-Za-z_][\w:.-]*)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s'">]+))/g;

/** Parses `a='1' b="2" c=3` into a record. */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(text)) !== null) out[m[1]] = m[2] ?? m[3] ?? m[4] ?? "";
  return out;
}

function lineAt(text: string, offset: number, firstLine: number): number {
  let n = firstLine;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Parses a MadGraph run card body (`value = key ! comment` lines). */
export function parseRunCard(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    let line = raw;
    const bang = line.indexOf("!");
    if (bang >= 0) line = line.slice(0, bang);
    const hash = line.indexOf("#");
    if (hash >= 0) line = line.slice(0, hash);
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const value = line.slice(0, eq).trim();
    const key = line.slice(eq + 1).trim();
    if (key && !(key in out)) out[key] = value;
  }
  return out;
}

const TAG = /<(\/?)(weightgroup|weight|initrwgt)\b([^>]*?)(\/?)>/gi;

/** Parses every <initrwgt> block of the header text. */
export function parseInitrwgt(
  text: string,
  firstLine: number,
  warnings: string[],
): { groups: LHEWeightGroup[]; weights: LHEWeightInfo[]; nDeclarations: number } {
  const groups: LHEWeightGroup[] = [];
  const weights: LHEWeightInfo[] = [];
  const seen = new Map<string, LHEWeightInfo>();
  let nDeclarations = 0;
  let inInit = false;
  let group: LHEWeightGroup | null = null;
  let open: { info: LHEWeightInfo; textStart: number } | null = null;
  const closeWeight = (end: number) => {
    if (!open) return;
    open.info.description = text.slice(open.textStart, end).trim().replace(/\r/g, "");
    open = null;
  };
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(text)) !== null) {
    const closing = m[1] === "/";
    const name = m[2].toLowerCase();
    const selfClosing = m[4] === "/";
    if (name === "initrwgt") {
      if (closing) {
        if (open) {
          warnings.push(`line ${lineAt(text, m.index, firstLine)}: <weight id='${open.info.id}'> not closed before </initrwgt>; its description ends there`);
          closeWeight(m.index);
        }
        group = null;
        inInit = false;
      } else if (!selfClosing) inInit = true;
      continue;
    }
    if (!inInit) continue;
    if (name === "weightgroup") {
      if (open) {
        warnings.push(`line ${lineAt(text, m.index, firstLine)}: <weight id='${open.info.id}'> not closed before a weightgroup tag; its description ends there`);
        closeWeight(m.index);
      }
      if (closing) {
        if (!group) warnings.push(`line ${lineAt(text, m.index, firstLine)}: </weightgroup> without an open weight group (ignored)`);
        group = null;
      } else {
        if (group) warnings.push(`line ${lineAt(text, m.index, firstLine)}: <weightgroup> opened inside weight group '${group.name}' without closing it first (the first group is closed here)`);
        const attributes = parseAttributes(m[3]);
        group = { name: attributes.name ?? attributes.type ?? null, attributes, weightIds: [] };
        groups.push(group);
        if (selfClosing) group = null;
      }
      continue;
    }
    // <weight> / </weight>
    if (closing) {
      if (!open) warnings.push(`line ${lineAt(text, m.index, firstLine)}: </weight> without an open <weight> (ignored)`);
      closeWeight(m.index);
      continue;
    }
    if (open) {
      warnings.push(`line ${lineAt(text, m.index, firstLine)}: <weight id='${open.info.id}'> not closed before the next <weight>; its description ends there`);
      closeWeight(m.index);
    }
    const attributes = parseAttributes(m[3]);
    const id = attributes.id;
    const line = lineAt(text, m.index, firstLine);
    if (id === undefined) {
      warnings.push(`line ${line}: <weight> without an id attribute (ignored)`);
      continue;
    }
    delete attributes.id;
    nDeclarations++;
    const info: LHEWeightInfo = { id, description: "", group: group ? group.name : null, attributes, line };
    if (!seen.has(id)) {
      seen.set(id, info);
      weights.push(info);
    }
    if (group) group.weightIds.push(id);
    if (!selfClosing) open = { info: seen.get(id) === info ? info : { ...info }, textStart: m.index + m[0].length };
  }
  if (open) {
    warnings.push(`<weight id='${(open as { info: LHEWeightInfo }).info.id}'> is never closed`);
    closeWeight(text.length);
  }
  return { groups, weights, nDeclarations };
}

function parseInitBlock(lines: string[]): LHEInit | null {
  const data: number[][] = [];
  for (const raw of lines) {
    const t = raw.trim();
    if (t.length === 0 || t.startsWith("#") || t.startsWith("<")) continue;
    const nums = t.split(/\s+/).map(parseFortranNumber);
    if (nums.some(Number.isNaN)) continue;
    data.push(nums);
  }
  if (data.length === 0 || data[0].length < 10) return null;
  const b = data[0];
  const n = Math.trunc(b[9]);
  const processes: LHEProcessInfo[] = [];
  for (let i = 1; i <= n && i < data.length; i++) {
    const p = data[i];
    if (p.length < 4) break;
    processes.push({ xsec: p[0], xsecError: p[1], maxWeight: p[2], processId: Math.trunc(p[3]) });
  }
  return {
    beamIds: [b[0], b[1]],
    beamEnergies: [b[2], b[3]],
    pdfGroups: [b[4], b[5]],
    pdfSets: [b[6], b[7]],
    weightingStrategy: b[8],
    processes,
  };
}

function between(text: string, open: RegExp, close: string): string | null {
  const m = open.exec(text);
  if (!m) return null;
  const start = m.index + m[0].length;
  const end = text.indexOf(close, start);
  return text.slice(start, end < 0 ? text.length : end);
}

/**
 * Builds the header from the lines before the first event: `preamble` is
 * everything before <init>, `initLines` the lines inside <init>...</init>.
 */
export function parseLHEHeader(preamble: string[], initLines: string[], initFirstLine: number): LHEHeader {
  const warnings: string[] = [];
  const text = preamble.join("\n");
  let version: string | null = null;
  const root = /<LesHouchesEvents\b([^>]*)>/i.exec(text);
  if (root) version = parseAttributes(root[1]).version ?? null;
  const hasHeader = /<header\b[^>]*>/i.test(text);
  let mgVersion: string | null = null;
  const mgv = between(text, /<MGVersion>/i, "</MGVersion>");
  if (mgv !== null) mgVersion = mgv.replace(/^#/, "").trim().split(/\s+/)[0] ?? null;
  let runCard: Record<string, string> | null = null;
  const rc = between(text, /<MGRunCard\b[^>]*>/i, "</MGRunCard>");
  if (rc !== null) runCard = parseRunCard(rc.replace("<![CDATA[", "").replace("]]>", ""));
  const eventNorm = runCard?.event_norm?.trim().toLowerCase() ?? null;
  let nEventsRunCard: number | null = null;
  if (runCard?.nevents !== undefined) {
    const v = parseFortranNumber(runCard.nevents.trim());
    nEventsRunCard = Number.isFinite(v) ? v : null;
  }
  let integratedWeight: number | null = null;
  const gi = /Integrated weight \(pb\)\s*:\s*(\S+)/.exec(text);
  if (gi) {
    const v = parseFortranNumber(gi[1]);
    integratedWeight = Number.isFinite(v) ? v : null;
  }
  const all = initLines.length ? text + "\n" + initLines.join("\n") : text;
  const rw = parseInitrwgt(all, 1, warnings);
  void initFirstLine;
  return {
    version,
    hasHeader,
    mgVersion,
    runCard,
    eventNorm,
    nEventsRunCard,
    integratedWeight,
    weightGroups: rw.groups,
    weights: rw.weights,
    nWeightDeclarations: rw.nDeclarations,
    init: initLines.length ? parseInitBlock(initLines) : null,
    warnings,
  };
}
