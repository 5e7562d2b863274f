// HepMC weight names, for the Delphes path: the `N` line of HepMC2 IO_GenEvent
// (quoted names, which may contain spaces and even line breaks) and the run-level
// `W` line of HepMC3 Asciiv3 (space-separated names). Streams the file and also
// counts events and the number of weights per event, to check names against values.
import { FormatError } from "@mm/util";
import { streamLines } from "./lines.js";

/** The weight names of a HepMC file and the event and weight counts found while streaming it, from `readHepMCWeightInfo`. */
export interface HepMCWeightInfo {
  /** "hepmc2" (IO_GenEvent, also when written by HepMC3) or "hepmc3" (Asciiv3). */
  format: "hepmc2" | "hepmc3";
  /** From the HepMC::Version line, null when absent. */
  version: string | null;
  /** Weight names in weight order; empty when the file declares none. */
  weightNames: string[];
  /** Number of events (E lines). */
  nEvents: number;
  /** Distinct numbers of weights per event seen in the file. */
  weightsPerEvent: number[];
}

/**
 * Parses the body of a HepMC2 `N` line: `N <count> "name 1" "name 2" ...`. Returns null when
 * a quoted name is still open at the end of the text (the caller appends the next line).
 */
export function parseHepMC2WeightNames(text: string, where = "N line"): string[] | null {
  const t = text.replace(/^N\s+/, "");
  const m = /^(\d+)/.exec(t);
  if (!m) throw new FormatError(`${where}: expected 'N <count> "name" ...', got '${text.slice(0, 60)}'`);
  const count = Number(m[1]);
  const names: string[] = [];
  let i = m[0].length;
  while (i < t.length) {
    const c = t[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c !== '"') {
      // Unquoted name (non-standard writers): up to the next whitespace.
      let j = i;
      while (j < t.length && !/\s/.test(t[j])) j++;
      names.push(t.slice(i, j));
      i = j;
      continue;
    }
    const end = t.indexOf('"', i + 1);
    if (end < 0) return null; // name continues on the next line
    names.push(t.slice(i + 1, end));
    i = end + 1;
  }
  if (names.length !== count) {
    if (names.length < count) return null;
    throw new FormatError(`${where}: declares ${count} weight names but lists ${names.length}`);
  }
  return names;
}

/** Parses a HepMC3 run-level `W` line (names separated by spaces; double-quoted names may contain spaces). */
export function parseHepMC3WeightNames(line: string): string[] {
  const t = line.replace(/^W\s?/, "");
  const names: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) names.push(m[1] ?? m[2]);
  return names;
}

/** Reads the weight names of a HepMC2 or HepMC3 text file (plain or gzip) and checks them against the events. */
export async function readHepMCWeightInfo(path: string): Promise<HepMCWeightInfo> {
  let format: "hepmc2" | "hepmc3" | null = null;
  let version: string | null = null;
  let names: string[] | null = null;
  let pendingN: string | null = null;
  let pendingLine = 0;
  let nEvents = 0;
  let lineNo = 0;
  let inEvent = false;
  const perEvent = new Set<number>();
  const where = () => `${path}:${lineNo}`;
  await streamLines(path, (lines) => {
    for (const raw of lines) {
      lineNo++;
      if (pendingN !== null) {
        pendingN += "\n" + raw;
        const r = parseHepMC2WeightNames(pendingN, `${path}:${pendingLine}`);
        if (r !== null) {
          names ??= r;
          pendingN = null;
        }
        continue;
      }
      const c = raw.charCodeAt(0);
      if (raw.startsWith("HepMC::")) {
        if (raw.startsWith("HepMC::Version")) version = raw.slice(14).trim() || null;
        else if (raw.includes("IO_GenEvent")) format ??= "hepmc2";
        else if (raw.includes("Asciiv3")) format ??= "hepmc3";
        continue;
      }
      if (c === 69 /* E */ && raw[1] === " ") {
        nEvents++;
        inEvent = true;
        if (format === "hepmc2") {
          const tok = raw.trim().split(/\s+/);
          const nRandom = Number(tok[11]);
          const nWeights = Number(tok[12 + nRandom]);
          if (!Number.isInteger(nRandom) || !Number.isInteger(nWeights)) throw new FormatError(`${where()}: cannot read the number of weights from the E line`);
          perEvent.add(nWeights);
        }
        continue;
      }
      if (c === 78 /* N */ && raw[1] === " ") {
        const r = parseHepMC2WeightNames(raw, where());
        if (r === null) {
          pendingN = raw;
          pendingLine = lineNo;
        } else names ??= r;
        continue;
      }
      if (c === 87 /* W */ && raw[1] === " ") {
        if (format === "hepmc3" && !inEvent) names ??= parseHepMC3WeightNames(raw);
        else if (format === "hepmc3") perEvent.add(raw.trim().split(/\s+/).length - 1);
      }
    }
  });
  if (pendingN !== null) throw new FormatError(`${path}:${pendingLine}: the N (weight names) line has an unterminated quoted name`);
  if (format === null) throw new FormatError(`not a HepMC text file: no 'HepMC::IO_GenEvent-START_EVENT_LISTING' or 'HepMC::Asciiv3-START_EVENT_LISTING' line`, path);
  const weightNames: string[] = names ?? [];
  const counts = [...perEvent].sort((a, b) => a - b);
  if (weightNames.length > 0) {
    const bad = counts.filter((n) => n !== weightNames.length);
    if (bad.length) throw new FormatError(`${weightNames.length} weight names are declared, but events carry ${bad.join(", ")} weights`, path);
  }
  return { format, version, weightNames, nEvents, weightsPerEvent: counts };
}
