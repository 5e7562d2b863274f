// Parser strictness on inputs the test writes itself, or derives at run time from a corpus file.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { FormatError } from "@mm/util";
import { shared, noShared } from "../../../tools/test-support/shared.js";
import { readLHE, readLHEHeader, classifyWeight, type LHEEvent } from "../src/index.js";
import { lheText, tempDir, writeLhe, vbfLikeParticles, particleLine } from "./lhe-synthetic.js";

const dir = tempDir();

describe("LHE parser: formats", () => {
  it("reads # comment lines inside events, double-quoted ids, multi-line <wgt>, old-style <weights>", async () => {
    const text = [
      "<LesHouchesEvents version='3.0'>",
      "<init>",
      "2212 2212 6.5D+03 6.5D+03 0 0 247000 247000 -3 1",
      "1.0E-003 1.0E-005 1.0E-004 1",
      "</init>",
      "<event>",
      "# a comment before the event line",
      " 3 1 0.5E-003 0.1E+03 0.78E-02 0.11E+00",
      particleLine(21, -1, 0, 0, 100, 100),
      "#aMCatNLO 1 2 3 4 5 0.1 0.2 0.3 0.4 0.5 -- an extra comment line between particles",
      particleLine(21, -1, 0, 0, -100, 100),
      particleLine(25, 1, 0, 0, 0, 200, 125),
      "#rwgt 1 2 3",
      "<rwgt>",
      '<wgt id="a"> 1.0D-03 </wgt>',
      "<wgt id='b'>",
      " 2.0E-003",
      "</wgt>",
      "</rwgt>",
      "<weights> 1.0 2.0",
      " 3.0 </weights>",
      "<scales muf='90' mur='90'> random stuff </scales>",
      "</event>",
      "</LesHouchesEvents>",
    ].join("\n");
    let ev: LHEEvent | null = null;
    const r = await readLHE(writeLhe(dir, "formats.lhe", text), { onEvent: (e) => void (ev = e) });
    expect(r.nEvents).toBe(1);
    expect(r.header.init?.beamEnergies).toEqual([6500, 6500]);
    const e = ev as unknown as LHEEvent;
    expect(e.weight).toBe(0.5e-3);
    expect(e.particles.length).toBe(3);
    expect(e.weightIds).toEqual(["a", "b"]);
    expect(e.weightValues).toEqual([1e-3, 2e-3]);
    expect(e.unnamedWeights).toEqual([1, 2, 3]);
  });

  it("recovers from weight groups that are not well nested, naming the line", async () => {
    const initrwgt = [
      "<initrwgt>",
      "<weightgroup name='scale'>",
      "<weight id='1' MUR='0.5'> mur=0.5",
      "<weight id='2' MUR='2.0'> mur=2 </weight>",
      "</weightgroup> # trailing text after a closing tag",
      "<weightgroup name='pdf'>",
      "<weight id='3'> pdf member 1 </weight>",
      "<weightgroup name='other'>",
      "<weight id='4'> x </weight>",
      "</weightgroup>",
      "</initrwgt>",
    ].join("\n");
    const h = await readLHEHeader(writeLhe(dir, "nesting.lhe", lheText([{ weight: 1, particles: [] }], { extraInitrwgt: initrwgt })));
    expect(h.weights.map((w) => w.id)).toEqual(["1", "2", "3", "4"]);
    expect(h.weights[0].description).toBe("mur=0.5");
    expect(h.weights[0].attributes.MUR).toBe("0.5");
    expect(h.weightGroups.map((g) => [g.name, g.weightIds])).toEqual([
      ["scale", ["1", "2"]],
      ["pdf", ["3"]],
      ["other", ["4"]],
    ]);
    expect(h.warnings.length).toBe(2);
    // <initrwgt> is on line 3 of the file (after <LesHouchesEvents> and <header>): weight 1 on line 5, the nested group on line 10.
    expect(h.warnings[0]).toMatch(/^line 6: <weight id='1'> not closed/);
    expect(h.warnings[1]).toMatch(/^line 10: <weightgroup> opened inside weight group 'pdf'/);
  });

  it("is not fooled by weight group names", async () => {
    const initrwgt = [
      "<initrwgt>",
      "<weightgroup name='scale variation'>",
      "<weight id='bsm'>set param_card dim6 2 1.0</weight>",
      "</weightgroup>",
      "<weightgroup name='mg_reweighting'>",
      "<weight id='up'> muR=0.20000E+01 muF=0.10000E+01 </weight>",
      "<weight id='pdf7' PDF='260007'> </weight>",
      "</weightgroup>",
      "</initrwgt>",
    ].join("\n");
    const h = await readLHEHeader(writeLhe(dir, "names.lhe", lheText([{ weight: 1, particles: [] }], { extraInitrwgt: initrwgt })));
    expect(h.weights.map((w) => [w.id, classifyWeight(w).kind])).toEqual([
      ["bsm", "reweighting"],
      ["up", "scale"],
      ["pdf7", "pdf"],
    ]);
    expect(classifyWeight(h.weights[1]).mur).toBe(2);
  });

  it("fails on a particle count that does not match NUP, naming the line and event", async () => {
    const text = lheText([{ weight: 1, particles: vbfLikeParticles(0) }]).replace(/^ 6 1 /m, " 7 1 ");
    await expect(readLHE(writeLhe(dir, "nup.lhe", text))).rejects.toThrow(/line 16 \(event 1\): the event declares 7 particles but has only 6 particle lines/);
  });

  it("fails on a truncated plain file, naming the event", async () => {
    const text = lheText([0, 1, 2].map((k) => ({ weight: 1, particles: vbfLikeParticles(k) })));
    const at = text.lastIndexOf("<event>");
    const cut = text.slice(0, text.indexOf("\n", at + 60) + 1); // at a line end, inside the third event
    await expect(readLHE(writeLhe(dir, "trunc.lhe", cut))).rejects.toThrow(/ends inside event 3 .*truncated/);
    // Cut in the middle of a particle line: reported as truncation, with the event, the line and what is cut off.
    await expect(readLHE(writeLhe(dir, "trunc2.lhe", text.slice(0, at + 60)))).rejects.toThrow(
      /ends in the middle of event 3, at line \d+, whose text is cut off \(a particle line needs at least 11 columns.*truncated after 2 complete events/,
    );
    // The same malformed line followed by more lines is a format error of that line, not truncation.
    const lines = text.split("\n");
    const k = lines.findIndex((l, i) => i > 0 && lines[i - 1].trim().startsWith("<event")) + 1;
    lines[k] = lines[k].split(/\s+/).filter(Boolean).slice(0, 7).join(" ");
    await expect(readLHE(writeLhe(dir, "short-line.lhe", lines.join("\n")))).rejects.toThrow(/line \d+ \(event 1\): a particle line needs at least 11 columns .*found 7$/);
  });

  it("fails on a file cut at an event boundary (no </LesHouchesEvents>), naming the events read", async () => {
    const text = lheText([0, 1, 2].map((k) => ({ weight: 1, particles: vbfLikeParticles(k) })));
    const cut = text.slice(0, text.lastIndexOf("</event>") + "</event>\n".length);
    const err = await readLHE(writeLhe(dir, "boundary.lhe", cut)).catch((e) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toMatch(/boundary\.lhe: the file ends after event 3 \(line \d+\) without the closing <\/LesHouchesEvents> tag: it is truncated/);
    // `</event></LesHouchesEvents>` on one line is a closed file.
    const oneLine = cut.trimEnd().replace(/<\/event>$/, "</event></LesHouchesEvents>");
    expect((await readLHE(writeLhe(dir, "one-line-close.lhe", oneLine))).closed).toBe(true);
    // An error thrown by the caller's callback on the last line (here onHeader, called at the closing
    // tag of a file without events) is the caller's, not a "cut off" line.
    const headerOnly = writeLhe(dir, "header-only.lhe", cut.slice(0, cut.indexOf("<event>")) + "</LesHouchesEvents>");
    const byCallback = await readLHE(headerOnly, { onHeader: () => { throw new FormatError("caller says no", headerOnly); } }).catch((x) => x);
    expect(byCallback.message).toMatch(/header-only\.lhe: caller says no$/);
    // A bare event dump (MadEvent's per-channel files: no <LesHouchesEvents> root at all) is not truncated.
    const bare = cut.slice(cut.indexOf("<event>"));
    expect((await readLHE(writeLhe(dir, "bare.lhe", bare))).nEvents).toBe(3);
  });

  it("fails on a non-number with the line and the column name", async () => {
    const text = lheText([{ weight: 1, particles: vbfLikeParticles(0) }]).replace("1.0e+02 7.8e-03", "1.0e+02 abc");
    await expect(readLHE(writeLhe(dir, "nan.lhe", text))).rejects.toThrow(/line \d+ \(event 1\): AQEDUP is not a number: 'abc'/);
  });
});

describe.skipIf(noShared())("LHE parser: damaged gzip (derived at run time from a real run)", () => {
  const src = () => readFileSync(shared("corpus", "madgraph", "wbf_h_aa_ewdim6", "run_01_sampled_sm", "unweighted_events.lhe.gz"));
  it("a truncated .gz fails with the file name and the event number", async () => {
    const bytes = src();
    const path = writeLhe(dir, "truncated.lhe.gz", "");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await readLHE(path).catch((e) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/truncated or corrupt .* after \d+ complete events, inside event \d+ \(line \d+\)/);
  });
  it("a corrupt .gz (bytes overwritten mid-file) fails the same way", async () => {
    const bytes = Buffer.from(src());
    for (let i = 0; i < 64; i++) bytes[Math.floor(bytes.length / 3) + i] ^= 0x5a;
    const path = writeLhe(dir, "corrupt.lhe.gz", "");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, bytes);
    const err = await readLHE(path).catch((e) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/truncated or corrupt|not a number|particle|event/);
  });
});
