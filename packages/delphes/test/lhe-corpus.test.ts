// Every LHE file of ../shared/corpus/lhe (and the two real MadGraph runs) parses with the
// number of events and weights that corpus/INDEX.md states for it. Files are read in place.
import { describe, expect, it } from "vitest";
import { shared, noShared } from "../../../tools/test-support/shared.js";
import { readLHE, readLHEHeader, classifyWeight, type LHEEvent } from "../src/index.js";

interface Expect {
  events: number;
  version: string | null;
  /** <weight> declarations in <initrwgt> (INDEX "weight ids"). */
  declarations: number;
  groups: number;
  /** Named <wgt> per event. */
  perEvent: number;
  /** Unnamed <weights> values per event (old style). */
  unnamed?: number;
  header?: boolean;
}

// From corpus/INDEX.md (events, LHE version, "N weight ids / M groups", what's special).
const FILES: Record<string, Expect> = {
  "madevent-channel-G70a0-headerless.lhe": { events: 554, version: null, declarations: 0, groups: 0, perEvent: 0, header: false },
  "madminer-bkg-qq_qqaa-10k.lhe.gz": { events: 10000, version: "3.0", declarations: 0, groups: 0, perEvent: 0 },
  "madminer-ewdim6-morphing-ratio0-10k.lhe.gz": { events: 10000, version: "3.0", declarations: 5, groups: 1, perEvent: 5 },
  "madminer-ewdim6-morphing-signal0-100ev.lhe": { events: 100, version: "3.0", declarations: 5, groups: 1, perEvent: 5 },
  "mg-amcatnlo-hj-nlo-100ev.lhe.gz": { events: 100, version: "3.0", declarations: 9, groups: 1, perEvent: 9 },
  "mg-darkphoton-ee-2.9.2.lhe.gz": { events: 10000, version: "3.0", declarations: 0, groups: 0, perEvent: 0 },
  "mg-loop-induced-gg_iota0.lhe.gz": { events: 10000, version: "3.0", declarations: 0, groups: 0, perEvent: 0 },
  "mg-mumu_ee-3.3.2.lhe.gz": { events: 10000, version: "3.0", declarations: 0, groups: 0, perEvent: 0 },
  "mg-pp_jj-2.7.2.lhe.gz": { events: 10000, version: "3.0", declarations: 0, groups: 0, perEvent: 0 },
  "mg-ttbar-systematics-100ev.lhe": { events: 100, version: "3.0", declarations: 145, groups: 2, perEvent: 145 },
  "pylhe-madgraph-2.2.1-Z-mlm.lhe.gz": { events: 10000, version: "1.0", declarations: 0, groups: 0, perEvent: 0 },
  "pylhe-madgraph-3.4.2-pr180.lhe": { events: 10, version: "3.0", declarations: 0, groups: 0, perEvent: 0 },
  "pylhe-madgraph5-3.5.8-pp_to_jj.lhe.gz": { events: 1000, version: "3.0", declarations: 145, groups: 2, perEvent: 145 },
  "pylhe-powheg-box-v2-W.lhe": { events: 100, version: "3.0", declarations: 1, groups: 1, perEvent: 1 },
  "pylhe-powheg-box-v2-hvq.lhe": { events: 6, version: "3.0", declarations: 45, groups: 3, perEvent: 0, unnamed: 45 },
  "pylhe-pythia-6.413-ttbar.lhe": { events: 100, version: "1.0", declarations: 0, groups: 0, perEvent: 0, header: false },
  "pylhe-pythia-8.3.14-weakbosons.lhe": { events: 100, version: "1.0", declarations: 0, groups: 0, perEvent: 0, header: false },
  "pylhe-sherpa-3.0.1-eejjj.lhe": { events: 100, version: "1.0", declarations: 0, groups: 0, perEvent: 0 },
  "pylhe-testlhef3-wbj.lhe": { events: 59, version: "3.0", declarations: 18, groups: 2, perEvent: 9 },
};

describe.skipIf(noShared())("LHE corpus", () => {
  for (const [name, exp] of Object.entries(FILES)) {
    it(`parses ${name}`, async () => {
      const perEvent = new Set<number>();
      const unnamed = new Set<number>();
      let badParticleCount = 0;
      const r = await readLHE(shared("corpus", "lhe", name), {
        onEvent: (e: LHEEvent) => {
          perEvent.add(e.weightIds.length);
          unnamed.add(e.unnamedWeights.length);
          if (e.particles.length !== e.nParticles) badParticleCount++;
        },
      });
      expect(r.nEvents).toBe(exp.events);
      expect(r.header.version).toBe(exp.version);
      expect(r.header.nWeightDeclarations).toBe(exp.declarations);
      expect(r.header.weightGroups.length).toBe(exp.groups);
      expect([...perEvent]).toEqual([exp.perEvent]);
      if (exp.unnamed !== undefined) expect([...unnamed]).toEqual([exp.unnamed]);
      if (exp.header === false) expect(r.header.hasHeader).toBe(false);
      expect(badParticleCount).toBe(0);
      expect(r.header.warnings).toEqual([]);
      expect(r.closed).toBe(exp.version !== null);
    });
  }

  it("reads multi-line weight descriptions (MadMiner signal_0)", async () => {
    const r = await readLHE(shared("corpus", "lhe", "madminer-ewdim6-morphing-signal0-100ev.lhe"), { onEvent: () => false });
    expect(r.header.weights.map((w) => w.id)).toEqual([1, 2, 3, 4, 5].map((i) => `morphing_basis_vector_${i}`));
    for (const w of r.header.weights) {
      expect(w.description.split("\n").length).toBe(2);
      expect(w.description).toMatch(/^set param_card dim6 2 .*\nset param_card dim6 5 /);
      expect(w.group).toBe("mg_reweighting");
    }
  });

  it("keeps systematics groups apart from reweighting (names with spaces, trailing text after </weightgroup>)", async () => {
    const r = await readLHE(shared("corpus", "lhe", "mg-ttbar-systematics-100ev.lhe"), { onEvent: () => false });
    expect(r.header.weightGroups.map((g) => [g.name, g.weightIds.length])).toEqual([
      ["Central scale variation", 44],
      ["NNPDF23_lo_as_0130_qed", 101],
    ]);
    expect(r.header.eventNorm).toBe("average");
    const nlo = await readLHE(shared("corpus", "lhe", "mg-amcatnlo-hj-nlo-100ev.lhe.gz"), { onEvent: () => false });
    expect(nlo.header.weightGroups[0].name).toBe("scale_variation   -1");
  });

  it("reads Fortran numbers of the headerless MadEvent channel file", async () => {
    let first: LHEEvent | null = null;
    await readLHE(shared("corpus", "lhe", "madevent-channel-G70a0-headerless.lhe"), {
      onEvent: (e) => {
        first = e;
        return false;
      },
    });
    const e = first as unknown as LHEEvent;
    // " 6    1  0.3701283E-005  0.8033932E+02 ..." and particle columns "0.  1." (INDEX: 0.4E-005 style).
    expect(e.nParticles).toBe(6);
    expect(e.weight).toBe(0.3701283e-5);
    expect(e.scale).toBe(80.33932);
    expect(e.particles[0].lifetime).toBe(0);
    expect(e.particles[0].spin).toBe(1);
    expect(e.particles[0].pz).toBe(737.35024262);
  });

  it("reads the two real MadGraph runs: 10,000 events, XWGTUP + 7 named weights each", async () => {
    for (const [run, ids] of [
      ["run_01_sampled_sm", ["w", "neg_w", "ww", "neg_ww", "morphing_basis_vector_5", "val_1", "val_2"]],
      ["run_02_sampled_morphing_basis_vector_5", ["sm", "w", "neg_w", "ww", "neg_ww", "val_1", "val_2"]],
    ] as const) {
      const orders = new Set<string>();
      const r = await readLHE(shared("corpus", "madgraph", "wbf_h_aa_ewdim6", run, "unweighted_events.lhe.gz"), {
        onEvent: (e) => {
          orders.add(e.weightIds.join(","));
        },
      });
      expect(r.nEvents).toBe(10000);
      expect(r.header.weights.map((w) => w.id)).toEqual(ids);
      expect([...orders]).toEqual([ids.join(",")]);
      expect(r.header.eventNorm).toBe("sum");
      expect(r.header.nEventsRunCard).toBe(10000);
      expect(r.header.mgVersion).toBe("3.5.7");
    }
  });

  it("classifies declared weights by content (scale, PDF, nominal, reweighting), matching each file's groups", async () => {
    const kinds = async (name: string) => {
      const h = await readLHEHeader(shared("corpus", "lhe", name));
      const c: Record<string, number> = {};
      for (const w of h.weights) c[classifyWeight(w).kind] = (c[classifyWeight(w).kind] ?? 0) + 1;
      return c;
    };
    // ttbar: 'Central scale variation' = 44 weights (MUR/MUF and DYN_SCALE variations); NNPDF 'replicas' =
    // member 0 (nominal) + 100 replicas.
    expect(await kinds("mg-ttbar-systematics-100ev.lhe")).toEqual({ scale: 44, nominal: 1, pdf: 100 });
    // POWHEG hvq: groups nominal (1) / scale_variations (6) / pdf_variations (38).
    expect(await kinds("pylhe-powheg-box-v2-hvq.lhe")).toEqual({ nominal: 1, scale: 6, pdf: 38 });
    // aMC@NLO H+j: 9 scale weights, the first is muR = muF = 1.
    expect(await kinds("mg-amcatnlo-hj-nlo-100ev.lhe.gz")).toEqual({ nominal: 1, scale: 8 });
    expect(await kinds("madminer-ewdim6-morphing-signal0-100ev.lhe")).toEqual({ reweighting: 5 });
  });
});
