// Streaming LHE parser: one pass over the lines of a .lhe or .lhe.gz file, a
// small state machine per line, one event object at a time. Never builds a DOM;
// memory is bounded by one event plus the header.
import { FormatError, MadMinerError } from "@mm/util";
import { streamLines } from "./lines.js";
import { parseFortranNumber } from "./numbers.js";
import { parseLHEHeader, type LHEHeader } from "./lhe-header.js";

/** One particle line of an event (HEPEUP). */
export interface LHEParticle {
  pdgId: number;
  status: number;
  mother1: number;
  mother2: number;
  color1: number;
  color2: number;
  px: number;
  py: number;
  pz: number;
  e: number;
  m: number;
  lifetime: number;
  spin: number;
}

/** One <event> block. */
export interface LHEEvent {
  /** 0-based index of the event in the file. */
  index: number;
  /** 1-based line of the <event> tag. */
  line: number;
  nParticles: number;
  processId: number;
  /** XWGTUP: the event's main weight. */
  weight: number;
  scale: number;
  alphaQED: number;
  alphaQCD: number;
  particles: LHEParticle[];
  /** Ids of the named weights (<rwgt><wgt id=...>), in the event's order. */
  weightIds: string[];
  /** Values of the named weights, aligned with weightIds. */
  weightValues: number[];
  /** Values of an old-style <weights> block (no ids), empty when absent. */
  unnamedWeights: number[];
}

/** Callbacks of `readLHE`. */
export interface ReadLHEOptions {
  /** Called once, before the first event (or at the end for a file without events). Throwing aborts the read. */
  onHeader?: (header: LHEHeader) => void;
  /** Called for every event; return false to stop reading. */
  onEvent?: (event: LHEEvent) => boolean | void;
  /** Called about every 1 MB with the events read so far and the bytes read from disk. */
  onProgress?: (eventsRead: number, bytesRead: number, fileSize: number) => void;
}

/** What `readLHE` returns once the file is read (or reading was stopped by `onEvent`). */
export interface ReadLHEResult {
  header: LHEHeader;
  /** Number of complete events read. */
  nEvents: number;
  /** Whether </LesHouchesEvents> was seen. */
  closed: boolean;
}

const enum State {
  Out,
  Init,
  EventHead,
  Particles,
  Tail,
  Done,
}

/** Splits a line on spaces/tabs into `out`; returns the number of fields. */
function splitFields(line: string, out: string[]): number {
  let n = 0;
  let i = 0;
  const len = line.length;
  while (i < len) {
    let c = line.charCodeAt(i);
    while (i < len && (c === 32 || c === 9)) c = line.charCodeAt(++i);
    if (i >= len) break;
    const start = i;
    while (i < len && c !== 32 && c !== 9) c = line.charCodeAt(++i);
    out[n++] = line.slice(start, i);
  }
  return n;
}

const WGT = /<wgt\b([^>]*)>([^<]*)(<\/wgt>)?/g;
const ID_ATTR = /\bid\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s'">]+))/;

/** Reads an LHE file event by event. Errors name the file, the line and the event number. */
export async function readLHE(path: string, options: ReadLHEOptions = {}): Promise<ReadLHEResult> {
  const { onHeader, onEvent, onProgress } = options;
  let state: State = State.Out;
  let lineNo = 0;
  let nEvents = 0;
  let closed = false;
  /** Whether the <LesHouchesEvents> root was opened (a bare per-channel event dump has none). */
  let opened = false;
  let header: LHEHeader | null = null;
  const preamble: string[] = [];
  const initLines: string[] = [];
  let initFirstLine = 0;
  let ev: LHEEvent | null = null;
  let remaining = 0;
  let inWeights = false;
  let pendingWgtId: string | null = null;
  let pendingWgtText = "";
  let stop = false;
  let lastProgressBytes = 0;
  let lastLineError: FormatError | null = null;

  /** The last error of the parser's own line parsing inside an event (not of the caller's callbacks). */
  let lastParseError: FormatError | null = null;
  /** Its message without the line prefix, for the truncation message. */
  let lastParseMessage = "";
  const fail = (msg: string): never => {
    const err = new FormatError(`line ${lineNo}${ev ? ` (event ${nEvents + 1})` : ""}: ${msg}`, path);
    lastParseError = ev ? err : null;
    lastParseMessage = msg;
    throw err;
  };
  const num = (tok: string | undefined, what: string): number => {
    // Fast path: plain decimal/exponent numbers (the common case); Fortran spellings otherwise.
    let v = tok === undefined ? Number.NaN : +tok;
    if (v !== v) {
      v = tok === undefined ? Number.NaN : parseFortranNumber(tok);
      if (Number.isNaN(v)) fail(`${what} is not a number: '${tok ?? ""}'`);
    }
    return v;
  };
  // Integer columns (ids, status, mothers, colours) without Number(): a digit loop, falling back to num.
  const int = (t: string, what: string): number => {
    const n = t.length;
    let i = 0;
    let c = t.charCodeAt(0);
    const neg = c === 45;
    if (neg || c === 43) i = 1;
    if (i >= n || n - i > 15) return num(t, what);
    let v = 0;
    for (; i < n; i++) {
      c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return num(t, what);
      v = v * 10 + c;
    }
    return neg ? -v : v;
  };
  const tok: string[] = [];
  const finishHeader = () => {
    if (header) return;
    header = parseLHEHeader(preamble, initLines, initFirstLine);
    preamble.length = 0;
    if (onHeader) onHeader(header);
  };
  const wgtId = (attrs: string): string => {
    const m = ID_ATTR.exec(attrs);
    if (!m) fail(`<wgt> without an id attribute`);
    return (m as RegExpExecArray)[1] ?? (m as RegExpExecArray)[2] ?? (m as RegExpExecArray)[3];
  };

  const handle = (raw: string): void => {
    lineNo++;
    switch (state) {
      case State.Out: {
        const t = raw.trim();
        if (t.length === 0) return;
        if (t.charCodeAt(0) === 60 /* < */) {
          if (t.startsWith("<event") && (t.length === 6 || t[6] === ">" || t[6] === " " || t[6] === "\t")) {
            finishHeader();
            ev = {
              index: nEvents,
              line: lineNo,
              nParticles: 0,
              processId: 0,
              weight: 0,
              scale: 0,
              alphaQED: 0,
              alphaQCD: 0,
              particles: [],
              weightIds: [],
              weightValues: [],
              unnamedWeights: [],
            };
            state = State.EventHead;
            const rest = t.slice(t.indexOf(">") + 1).trim();
            if (rest.length) handle2(rest);
            return;
          }
          if (!header && (t === "<init>" || /^<init[\s>]/.test(t))) {
            state = State.Init;
            initFirstLine = lineNo;
            initLines.push(raw);
            if (t.includes("</init>")) state = State.Out;
            return;
          }
          if (!opened && t.startsWith("<LesHouchesEvents")) opened = true;
          if (t.startsWith("</LesHouchesEvents")) {
            finishHeader();
            closed = true;
            state = State.Done;
            return;
          }
        }
        if (!header) preamble.push(raw);
        return;
      }
      case State.Init:
        initLines.push(raw);
        if (raw.includes("</init>")) state = State.Out;
        return;
      case State.Done:
        return;
      default:
        handle2(raw);
    }
  };

  // Lines inside an event.
  const handle2 = (raw: string): void => {
    const e = ev as LHEEvent;
    if (state === State.EventHead || state === State.Particles) {
      const nTok = splitFields(raw, tok);
      if (nTok === 0 || tok[0].charCodeAt(0) === 35 /* # */) return;
      if (tok[0].charCodeAt(0) === 60 /* < */) {
        const t = raw.trim();
        if (state === State.EventHead) fail(`expected the event's first line (NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP), found '${t.slice(0, 40)}'`);
        fail(`the event declares ${e.nParticles} particles but has only ${e.particles.length} particle lines before '${t.slice(0, 40)}'`);
      }
      if (state === State.EventHead) {
        if (nTok < 6) fail(`the event's first line needs 6 numbers (NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP), found ${nTok}`);
        e.nParticles = num(tok[0], "NUP");
        e.processId = num(tok[1], "IDPRUP");
        e.weight = num(tok[2], "XWGTUP");
        e.scale = num(tok[3], "SCALUP");
        e.alphaQED = num(tok[4], "AQEDUP");
        e.alphaQCD = num(tok[5], "AQCDUP");
        if (!Number.isInteger(e.nParticles) || e.nParticles < 0) fail(`NUP must be a non-negative integer, got ${tok[0]}`);
        remaining = e.nParticles;
        state = remaining > 0 ? State.Particles : State.Tail;
        return;
      }
      if (nTok < 11) fail(`a particle line needs at least 11 columns (IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 ICOLUP2 PX PY PZ E M), found ${nTok}`);
      e.particles.push({
        pdgId: int(tok[0], "IDUP"),
        status: int(tok[1], "ISTUP"),
        mother1: int(tok[2], "MOTHUP1"),
        mother2: int(tok[3], "MOTHUP2"),
        color1: int(tok[4], "ICOLUP1"),
        color2: int(tok[5], "ICOLUP2"),
        px: num(tok[6], "PX"),
        py: num(tok[7], "PY"),
        pz: num(tok[8], "PZ"),
        e: num(tok[9], "E"),
        m: num(tok[10], "M"),
        lifetime: nTok > 11 ? num(tok[11], "VTIMUP") : 0,
        spin: nTok > 12 ? num(tok[12], "SPINUP") : 9,
      });
      if (--remaining === 0) state = State.Tail;
      return;
    }
    // Tail: optional blocks until </event>.
    if (pendingWgtId !== null) {
      const end = raw.indexOf("</wgt>");
      pendingWgtText += " " + (end >= 0 ? raw.slice(0, end) : raw);
      if (end >= 0) {
        e.weightIds.push(pendingWgtId);
        e.weightValues.push(num(pendingWgtText.trim(), `the value of <wgt id='${pendingWgtId}'>`));
        pendingWgtId = null;
        pendingWgtText = "";
      }
      return;
    }
    if (inWeights) {
      const end = raw.indexOf("</weights>");
      const body = end >= 0 ? raw.slice(0, end) : raw;
      for (const tk of body.trim().split(/\s+/)) if (tk.length) e.unnamedWeights.push(num(tk, "a <weights> value"));
      if (end >= 0) inWeights = false;
      return;
    }
    const lt = raw.indexOf("<");
    if (lt < 0) return;
    if (raw.startsWith("<wgt id=", lt)) {
      // Fast path for MadGraph's one-weight-per-line form: <wgt id='NAME'> VALUE </wgt>
      const q = raw.charCodeAt(lt + 8);
      if (q === 39 || q === 34) {
        const idEnd = raw.indexOf(q === 39 ? "'" : '"', lt + 9);
        const gt = idEnd < 0 ? -1 : raw.indexOf(">", idEnd);
        const close = gt < 0 ? -1 : raw.indexOf("</wgt>", gt);
        if (gt === idEnd + 1 && close > 0 && raw.indexOf("<wgt", close) < 0) {
          const id = raw.slice(lt + 9, idEnd);
          e.weightIds.push(id);
          e.weightValues.push(num(raw.slice(gt + 1, close).trim(), `the value of <wgt id='${id}'>`));
          return;
        }
      }
    }
    if (raw.startsWith("<wgt", lt)) {
      WGT.lastIndex = lt;
      let m: RegExpExecArray | null;
      while ((m = WGT.exec(raw)) !== null) {
        const id = wgtId(m[1]);
        if (m[3] === undefined) {
          pendingWgtId = id;
          pendingWgtText = m[2];
          return;
        }
        e.weightIds.push(id);
        e.weightValues.push(num(m[2].trim(), `the value of <wgt id='${id}'>`));
      }
      return;
    }
    if (raw.startsWith("</event", lt)) {
      state = State.Out;
      ev = null;
      nEvents++;
      if (onEvent && onEvent(e) === false) stop = true;
      // `</event></LesHouchesEvents>` on one line closes the file too.
      if (raw.includes("</LesHouchesEvents", lt + 7)) {
        finishHeader();
        closed = true;
        state = State.Done;
      }
      return;
    }
    if (raw.startsWith("<event", lt) && (raw[lt + 6] === ">" || raw[lt + 6] === " ")) fail(`<event> found before the previous event was closed with </event>`);
    if (raw.startsWith("<weights", lt)) {
      const open = raw.indexOf(">", lt);
      const end = raw.indexOf("</weights>", open);
      const body = raw.slice(open + 1, end >= 0 ? end : undefined);
      for (const tk of body.trim().split(/\s+/)) if (tk.length) e.unnamedWeights.push(num(tk, "a <weights> value"));
      if (end < 0) inWeights = true;
    }
  };

  try {
    await streamLines(path, (lines, progress) => {
      // A line that fails to parse is reported at once, unless it is the last line read so
      // far: if the file then ends, the line was cut off and the file is truncated.
      if (lastLineError) throw lastLineError;
      for (let i = 0; i < lines.length; i++) {
        try {
          handle(lines[i]);
        } catch (err) {
          if (i < lines.length - 1 || err !== lastParseError) throw err;
          lastLineError = err as FormatError;
          return true;
        }
        if (stop) return false;
      }
      if (onProgress && progress.bytesRead - lastProgressBytes >= 1 << 20) {
        lastProgressBytes = progress.bytesRead;
        onProgress(nEvents, progress.bytesRead, progress.fileSize);
      }
      return true;
    });
  } catch (err) {
    if (err instanceof MadMinerError) throw err;
    throw new FormatError(
      `the file is truncated or corrupt (${(err as Error).message}) after ${nEvents} complete events` +
        (ev ? `, inside event ${nEvents + 1} (line ${lineNo})` : ` (line ${lineNo})`) +
        `. Re-copy or regenerate the file.`,
      path,
      { cause: err },
    );
  }
  if (lastLineError) {
    const cause = lastLineError as FormatError;
    throw new FormatError(
      `the file ends in the middle of event ${nEvents + 1}, at line ${lineNo}, whose text is cut off (${lastParseMessage}): it is truncated after ${nEvents} complete events. Re-copy or regenerate the file.`,
      path,
      { cause },
    );
  }
  if (!stop && (ev as LHEEvent | null) !== null) {
    throw new FormatError(`the file ends inside event ${nEvents + 1} (opened at line ${(ev as unknown as LHEEvent).line}): it is truncated. Re-copy or regenerate the file.`, path);
  }
  if (!stop && (state as State) === State.Init) throw new FormatError(`the file ends inside <init> (opened at line ${initFirstLine}): it is truncated.`, path);
  if (!stop && opened && !closed) {
    throw new FormatError(
      `the file ends after event ${nEvents} (line ${lineNo}) without the closing </LesHouchesEvents> tag: it is truncated, and events after ${nEvents} are missing. Re-copy or regenerate the file.`,
      path,
    );
  }
  finishHeader();
  if (onProgress) onProgress(nEvents, lastProgressBytes, 0);
  return { header: header as unknown as LHEHeader, nEvents, closed };
}

/** Reads only the header (stops at the first event). */
export async function readLHEHeader(path: string): Promise<LHEHeader> {
  let h: LHEHeader | null = null;
  await readLHE(path, {
    onHeader: (x) => {
      h = x;
    },
    onEvent: () => false,
  });
  return h as unknown as LHEHeader;
}
