// A small streaming scan of a MadGraph LHE file for its weight ids, to detect a
// failed reweighting right after the run (the full LHE reader is @mm/delphes).
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { FormatError } from "@mm/util";

export interface LheWeightScan {
  file: string;
  nEvents: number;
  /** Weight ids declared in <initrwgt>, in order. */
  declaredIds: string[];
  /** For each id seen in events, the number of events that carry it. */
  eventCounts: Map<string, number>;
}

const WEIGHT_ID = /<weight\b[^>]*?\bid\s*=\s*(['"])(.*?)\1/g;
const WGT_ID = /<wgt\b[^>]*?\bid\s*=\s*(['"])(.*?)\1/g;

/** Scans a .lhe or .lhe.gz file line by line (memory independent of its size). */
export async function scanLheWeights(file: string): Promise<LheWeightScan> {
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const scan: LheWeightScan = { file, nEvents: 0, declaredIds: [], eventCounts: new Map() };
  let inInit = false;
  let inEvent = false;
  let lineNo = 0;
  const failure = new Promise<never>((_, reject) => {
    const fail = (err: Error) => reject(new FormatError(`cannot read the LHE file after line ${lineNo}: ${err.message} (truncated or corrupt?)`, file, { cause: err }));
    raw.on("error", fail);
    input.on("error", fail);
  });
  const reading = (async () => {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo++;
      if (!inEvent && line.includes("<initrwgt")) inInit = true;
      if (inInit) {
        for (const m of line.matchAll(WEIGHT_ID)) scan.declaredIds.push(m[2]);
        if (line.includes("</initrwgt>")) inInit = false;
        continue;
      }
      if (line.includes("<event")) {
        inEvent = true;
        scan.nEvents++;
      }
      if (inEvent && line.includes("<wgt")) {
        for (const m of line.matchAll(WGT_ID)) scan.eventCounts.set(m[2], (scan.eventCounts.get(m[2]) ?? 0) + 1);
      }
      if (line.includes("</event>")) inEvent = false;
    }
    return scan;
  })();
  return Promise.race([reading, failure]);
}

export interface ReweightingCheck {
  ok: boolean;
  nEvents: number;
  /** Expected ids not declared in <initrwgt>. */
  missingDeclared: string[];
  /** Expected ids missing from some events, with the number of events that lack them. */
  missingInEvents: { id: string; eventsWithout: number }[];
  message: string;
}

/** Compares the weight ids of an LHE file with the benchmarks that should have been reweighted. */
export function checkReweighting(scan: LheWeightScan, expected: string[]): ReweightingCheck {
  const declared = new Set(scan.declaredIds);
  const missingDeclared = expected.filter((id) => !declared.has(id));
  const missingInEvents = expected
    .map((id) => ({ id, eventsWithout: scan.nEvents - (scan.eventCounts.get(id) ?? 0) }))
    .filter((m) => m.eventsWithout > 0);
  const ok = scan.nEvents > 0 && missingDeclared.length === 0 && missingInEvents.length === 0;
  let message = `${scan.file}: ${scan.nEvents} events, weights for all ${expected.length} reweighted benchmarks`;
  if (scan.nEvents === 0) message = `${scan.file} contains no events`;
  else if (!ok) {
    const names = [...new Set([...missingDeclared, ...missingInEvents.map((m) => m.id)])];
    message =
      `reweighting failed: ${scan.file} lacks the weights of benchmark(s) ${names.join(", ")}` +
      (missingInEvents.length ? ` (missing in ${Math.max(...missingInEvents.map((m) => m.eventsWithout))} of ${scan.nEvents} events)` : "") +
      `; declared weight ids: ${scan.declaredIds.length ? scan.declaredIds.join(", ") : "none"}. Check the reweighting part of the MadGraph log`;
  }
  return { ok, nEvents: scan.nEvents, missingDeclared, missingInEvents, message };
}
