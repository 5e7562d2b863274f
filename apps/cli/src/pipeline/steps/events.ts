// Step 'events': the LHE samples (and those of the 'madgraph' step) through @mm/delphes's LHEReader (observables,
// cuts, smearing) into DIR/events.h5, with a per-sample report.
import { join } from "node:path";
import { LHEReader } from "@mm/delphes";
import { writeFileAtomicSync } from "@mm/util";
import type { StepDefinition } from "../context.js";
import { madgraphSamples } from "./madgraph.js";

export const eventsStep: StepDefinition = {
  name: "events",
  dependsOn: ["setup", "madgraph"],
  inputs: (c, out) => [...c.events.samples, ...madgraphSamples(c, out)].map((s) => s.file),
  settings: (c) => ({ events: c.raw.events, seed: c.seed }),
  outputs: () => ["events.h5", "events_report.json"],
  async run(ctx) {
    const c = ctx.config.events;
    const reader = await LHEReader.fromFile(join(ctx.out, "setup.h5"));
    for (const s of [...c.samples, ...madgraphSamples(ctx.config, ctx.out)]) reader.addSample(s.file, s.sampledFrom, { isBackground: s.isBackground, kFactor: s.kFactor });
    for (const o of c.observables) reader.addObservable(o.name, o.definition, { required: o.required, default: o.default });
    for (const cut of c.cuts) reader.addCut(cut.definition, { required: cut.required });
    // [abs, rel] with a null means "derived from the on-shell condition" (Python's None).
    const res = (p: [number | null, number | null] | undefined) => (p === undefined ? undefined : p[0] === null || p[1] === null ? null : ([p[0], p[1]] as const));
    for (const s of c.smearing) reader.setSmearing(s.pdgIds, { energyResolution: res(s.energy), ptResolution: res(s.pt), etaResolution: res(s.eta), phiResolution: res(s.phi) });
    if (c.metNoise) reader.setMetNoise(c.metNoise[0], c.metNoise[1]);
    const bar = ctx.progress(undefined, "events");
    const warnings: string[] = [];
    const reports = await reader.analyseSamples({
      seed: ctx.config.seed,
      onProgress: (n) => bar.update(n),
      onWarning: (m) => {
        warnings.push(m);
        ctx.warn(m);
      },
    });
    const { nEvents } = await reader.save(join(ctx.out, "events.h5"), { shuffle: true, seed: ctx.config.seed });
    const read = reports.reduce((a, r) => a + r.eventsRead, 0);
    bar.update(read);
    bar.done(`${nEvents} of ${read} events pass → events.h5`);
    writeFileAtomicSync(join(ctx.out, "events_report.json"), JSON.stringify({ nEvents, samples: reports, warnings }, null, 1) + "\n");
  },
};
