// HepMC weight names on every file of ../shared/corpus/hepmc (INDEX.md: version, events, N=...).
import { describe, expect, it } from "vitest";
import { shared, noShared } from "../../../tools/test-support/shared.js";
import { readHepMCWeightInfo, parseHepMC2WeightNames, parseHepMC3WeightNames } from "../src/index.js";
import { tempDir, writeLhe } from "./lhe-synthetic.js";

const FILES: Record<string, { format: "hepmc2" | "hepmc3"; version: string; events: number; names: string[] | number; perEvent: number[] }> = {
  "hepmc2-2.07-with-weights.dat": { format: "hepmc2", version: "2.07.00", events: 2, names: ["0", "1", "2"], perEvent: [3] },
  "hepmc2-noN-crosssection-10ev.hepmc": { format: "hepmc2", version: "2.06.09", events: 10, names: [], perEvent: [0] },
  "hepmc2-pythia-default-weight-9ev.hepmc": { format: "hepmc2", version: "2.06.09", events: 9, names: ["Default"], perEvent: [1] },
  "hepmc2-sherpa-146-named-weights.hepmc": { format: "hepmc2", version: "2.06.10", events: 6, names: 146, perEvent: [146] },
  "hepmc2-sherpa-2.06.05-crashcase.hepmc": { format: "hepmc2", version: "2.06.05", events: 1, names: ["0"], perEvent: [1] },
  "hepmc3-asciiv3-3.03-10ev.hepmc": { format: "hepmc3", version: "3.03.00", events: 10, names: ["Default"], perEvent: [1] },
  "hepmc3-asciiv3-attributes-3ev.hepmc": { format: "hepmc3", version: "3.02.05", events: 3, names: ["CV"], perEvent: [1] },
  "hepmc3-example-asciiv3-100ev.hepmc3": { format: "hepmc3", version: "3.01.01", events: 100, names: ["0"], perEvent: [1] },
  "hepmc3-inputIO1-genevent-100ev.hepmc": { format: "hepmc2", version: "3.02.01", events: 100, names: ["0"], perEvent: [1] },
  "pyhepmc-pythia6-asciiv3-tool-line.dat": { format: "hepmc3", version: "3.02.05", events: 1, names: [], perEvent: [] },
};

describe.skipIf(noShared())("HepMC weight names (corpus)", () => {
  for (const [name, exp] of Object.entries(FILES)) {
    it(`reads ${name}`, async () => {
      const info = await readHepMCWeightInfo(shared("corpus", "hepmc", name));
      expect(info.format).toBe(exp.format);
      expect(info.version).toBe(exp.version);
      expect(info.nEvents).toBe(exp.events);
      if (typeof exp.names === "number") expect(info.weightNames.length).toBe(exp.names);
      else expect(info.weightNames).toEqual(exp.names);
      if (exp.format === "hepmc2") expect(info.weightsPerEvent).toEqual(exp.perEvent);
    });
  }
  it("keeps spaces and parentheses inside Sherpa's quoted names", async () => {
    const info = await readHepMCWeightInfo(shared("corpus", "hepmc", "hepmc2-sherpa-146-named-weights.hepmc"));
    expect(info.weightNames[0]).toBe("MEWeight");
    expect(info.weightNames[3]).toBe("MUR1_MUF1_PDF13000 absolutely nasty( weight name  ");
  });
});

describe("HepMC weight-name lines", () => {
  it("parses N lines with spaces, and names broken over lines", async () => {
    expect(parseHepMC2WeightNames('N 2 "a b" "c"')).toEqual(["a b", "c"]);
    expect(parseHepMC2WeightNames('N 2 "a b')).toBeNull();
    expect(() => parseHepMC2WeightNames('N 1 "a" "b"')).toThrow(/declares 1 weight names but lists 2/);
    expect(parseHepMC3WeightNames("W Default")).toEqual(["Default"]);
    expect(parseHepMC3WeightNames('W MUR1 "PDF 1"')).toEqual(["MUR1", "PDF 1"]);
    const dir = tempDir();
    const text = ["HepMC::Version 2.06.09", "HepMC::IO_GenEvent-START_EVENT_LISTING", "E 1 -1 0 0 0 0 0 0 0 0 0 2 1.0 2.0", 'N 2 "first', 'name" "second"', "U GEV MM", "HepMC::IO_GenEvent-END_EVENT_LISTING", ""].join("\n");
    const info = await readHepMCWeightInfo(writeLhe(dir, "broken.hepmc", text));
    expect(info.weightNames).toEqual(["first\nname", "second"]);
    expect(info.weightsPerEvent).toEqual([2]);
    const bad = text.replace("E 1 -1 0 0 0 0 0 0 0 0 0 2 1.0 2.0", "E 1 -1 0 0 0 0 0 0 0 0 0 3 1.0 2.0 3.0");
    await expect(readHepMCWeightInfo(writeLhe(dir, "bad.hepmc", bad))).rejects.toThrow(/2 weight names are declared, but events carry 3 weights/);
  });
});
