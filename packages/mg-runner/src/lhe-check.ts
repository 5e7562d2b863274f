// A small streaming scan of a MadGraph LHE file for its weight ids, to detect a
// failed reweighting right after the run (the full LHE reader is @mm/delphes).
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { FormatError } from "@mm/util";

/** What `scanLheWeights` found in an LHE file: the number of events, the declared weight ids and how many events carry each id. */
export interface LheWeightScan {
  file: string;
  nEvents: number;
  /** Weight ids declared in <initrwgt>, in order. */
  declaredIds: string[];
  /** For each id seen in events, the number of events that carry it. */
  eventCounts: Map<string, number>;
}

// One pass over the text: event starts, declared <weight id> (only in <initrwgt>)
// and per-event <wgt id> (only in events). <eventgroup> and <weightgroup> do not match.
const TOKENS = /<event[\s>]|<weight\b[^>]*?\bid\s*=\s*(['"])(.*?)\1|<wgt\b[^>]*?\bid\s*=\s*(['"])(.*?)\3/g;

/** Scans a .lhe or .lhe.gz file chunk by chunk (memory independent of its size). */
export async function scanLheWeights(file: string): Promise<LheWeightScan> {
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (err) => input.destroy(err));
  const scan: LheWeightScan = { file, nEvents: 0, declaredIds: [], eventCounts: new Map() };
  const decoder = new StringDecoder("utf8");
  const take = (text: string) => {
    for (const m of text.matchAll(TOKENS)) {
      if (m[2] !== undefined) scan.declaredIds.push(m[2]);
      else if (m[4] !== undefined) scan.eventCounts.set(m[4], (scan.eventCounts.get(m[4]) ?? 0) + 1);
      else scan.nEvents++;
    }
  };
  let carry = "";
  try {
    for await (const chunk of input) {
      const text = carry + decoder.write(chunk as Buffer);
      // Keep the last partial line for the next chunk, so that no tag is split.
      const cut = text.lastIndexOf("\n") + 1;
      take(text.slice(0, cut));
      carry = text.slice(cut);
    }
    take(carry + decoder.end());
  } catch (err) {
    throw new FormatError(`cannot read the LHE file after event ${scan.nEvents}: ${(err as Error).message} (truncated or corrupt?)`, file, { cause: err });
  }
  return scan;
}

/**
 * Result of `checkReweighting`: `ok` when the file has events and every expected benchmark weight is
 * declared and present in every event; `message` says what is missing.
 */
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
