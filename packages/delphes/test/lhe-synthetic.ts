// Small LHE files written by the tests themselves (nothing copied from the corpus).
import { afterAll } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const made: string[] = [];
// Registered in the root suite of each test file that imports this helper.
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary folder, removed after the test file. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "mm-delphes-test-"));
  made.push(d);
  return d;
}

export interface SynthEvent {
  weight: number;
  /** Named weights in the event's order. */
  wgts?: [string, number][];
  /** Final-state particles: [pdgId, px, py, pz, E]. */
  particles: [number, number, number, number, number][];
}

export function particleLine(id: number, status: number, px: number, py: number, pz: number, e: number, m = 0): string {
  return `   ${id} ${status} 1 2 0 0 ${px.toExponential(10)} ${py.toExponential(10)} ${pz.toExponential(10)} ${e.toExponential(10)} ${m.toExponential(10)} 0.0000e+00 9.0000e+00`;
}

/** A MadGraph-like LHE v3 text. `weightIds` declares the <initrwgt> weights; `runCard` adds an <MGRunCard>. */
export function lheText(events: SynthEvent[], opts: { weightIds?: string[]; eventNorm?: string; nevents?: number; extraInitrwgt?: string } = {}): string {
  const out: string[] = ['<LesHouchesEvents version="3.0">', "<header>"];
  if (opts.eventNorm !== undefined) {
    out.push("<MGRunCard>", `  ${opts.nevents ?? events.length} = nevents ! Number of unweighted events requested`, `  ${opts.eventNorm} = event_norm ! average/sum`, "</MGRunCard>");
  }
  if (opts.extraInitrwgt !== undefined) out.push(opts.extraInitrwgt);
  else if (opts.weightIds && opts.weightIds.length) {
    out.push("<initrwgt>", "<weightgroup name='mg_reweighting' weight_name_strategy='includeIdInWeightName'>");
    for (const id of opts.weightIds) out.push(`<weight id='${id}'>set param_card dim6 2 1.0 # orig: 0.0`, `set param_card dim6 5 1.0 # orig: 0.0`, "</weight>");
    out.push("</weightgroup>", "</initrwgt>");
  }
  out.push("</header>", "<init>", "2212 2212 6.500000e+03 6.500000e+03 0 0 247000 247000 -3 1", "1.0e-03 1.0e-05 1.0e-04 1", "</init>");
  for (const ev of events) {
    out.push("<event>");
    out.push(` ${ev.particles.length + 2} 1 ${ev.weight.toExponential(7)} 1.0e+02 7.8e-03 1.1e-01`);
    out.push(particleLine(2, -1, 0, 0, 500, 500), particleLine(1, -1, 0, 0, -400, 400));
    for (const [id, px, py, pz, e] of ev.particles) out.push(particleLine(id, 1, px, py, pz, e));
    if (ev.wgts && ev.wgts.length) {
      out.push("<rwgt>");
      for (const [id, v] of ev.wgts) out.push(`<wgt id='${id}'> ${v.toExponential(7)} </wgt>`);
      out.push("</rwgt>");
    }
    out.push("</event>");
  }
  out.push("</LesHouchesEvents>", "");
  return out.join("\n");
}

/** Two jets and two photons with simple momenta; `k` varies them. */
export function vbfLikeParticles(k: number): [number, number, number, number, number][] {
  const j1: [number, number, number] = [60 + k, 10, 300];
  const j2: [number, number, number] = [-40, -20 - k, -200];
  const a1: [number, number, number] = [50, 30, 20];
  const a2: [number, number, number] = [-45, -25, 10 + k];
  const e = (p: [number, number, number]) => Math.hypot(...p);
  return [
    [2, ...j1, e(j1)],
    [1, ...j2, e(j2)],
    [22, ...a1, e(a1)],
    [22, ...a2, e(a2)],
  ];
}

export function writeLhe(dir: string, name: string, text: string, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(Buffer.from(text)) : text);
  return path;
}
