// Gaussian detector smearing per PDG id, as Python MadMiner's LHE reader:
// resolution = abs + rel·(true value), no draw when it is ≤ 0; energy and pt
// redrawn until above their minimum; exactly one of energy/pt may be left
// unsmeared (null), and is then rebuilt from the on-shell condition.
import { InputError } from "@mm/util";
import { Particle } from "./particle.js";
import type { NormalDraw } from "./objects.js";

/** [absolute, relative] resolution, or null for "derive from the on-shell condition" (energy/pt) or "do not smear" (eta/phi). */
export type Resolution = readonly [number, number] | null;

/** The Gaussian resolutions applied to the particles of one set of PDG ids (set by `LHEReader.setSmearing`). */
export interface SmearingRule {
  energy: Resolution;
  pt: Resolution;
  eta: Resolution;
  phi: Resolution;
}

/** Validates one rule (at most one of energy/pt may be null). */
export function checkSmearingRule(rule: SmearingRule, pdgIds: number[]): void {
  if (rule.energy === null && rule.pt === null) {
    throw new InputError(`setSmearing for PDG ids [${pdgIds.join(", ")}]: energy and pt resolutions cannot both be null (one of them must be smeared, the other is derived on-shell)`);
  }
  for (const [k, r] of Object.entries(rule)) {
    if (r !== null && (r.length !== 2 || !r.every(Number.isFinite))) {
      throw new InputError(`setSmearing for PDG ids [${pdgIds.join(", ")}]: ${k} resolution must be [abs, rel] finite numbers or null, got ${JSON.stringify(r)}`);
    }
  }
}

function smear(value: number, res: Resolution, normal: NormalDraw): number {
  if (res === null) return value;
  const sigma = res[0] + res[1] * value;
  if (!(sigma > 0)) return value;
  return value + normal(0, sigma);
}

const MAX_REDRAW = 10000;

/**
 * Smears one particle. Draw order (as Python MadMiner): energy, pt, eta, phi.
 * Returns a new Particle; the input is unchanged.
 */
export function smearParticle(p: Particle, rule: SmearingRule, normal: NormalDraw): Particle {
  const m = Math.max(p.m, 0);
  const minE = rule.pt === null ? m : 0;
  let e = p.e;
  if (rule.energy !== null) {
    const sigmaE = rule.energy[0] + rule.energy[1] * p.e;
    let k = 0;
    do {
      e = smear(p.e, rule.energy, normal);
      if (!(sigmaE > 0)) break; // no draw: keep the true energy even if it is at the minimum
      if (++k > MAX_REDRAW) throw new InputError(`smearing: could not draw an energy above ${minE} GeV for a particle with E = ${p.e} GeV in ${MAX_REDRAW} tries; check the energy resolution of PDG id ${p.pdgId}`);
    } while (e <= minE);
  }
  let pt = p.pt;
  if (rule.pt !== null) {
    const sigmaPt = rule.pt[0] + rule.pt[1] * p.pt;
    let k = 0;
    do {
      pt = smear(p.pt, rule.pt, normal);
      if (!(sigmaPt > 0)) break;
      if (++k > MAX_REDRAW) throw new InputError(`smearing: could not draw a positive pt for a particle with pt = ${p.pt} GeV in ${MAX_REDRAW} tries; check the pt resolution of PDG id ${p.pdgId}`);
    } while (pt <= 0);
  }
  const eta = smear(p.eta, rule.eta, normal);
  let phi = smear(p.phi, rule.phi, normal);
  if (phi > Math.PI || phi <= -Math.PI) phi = Math.atan2(Math.sin(phi), Math.cos(phi));
  let out: Particle;
  if (rule.energy === null) {
    out = Particle.fromPtEtaPhiM(pt, eta, phi, m, p.pdgId);
  } else if (rule.pt === null) {
    const ptOnShell = e > m ? Math.sqrt(e * e - m * m) / Math.cosh(eta) : 0;
    out = Particle.fromPtEtaPhiE(ptOnShell, eta, phi, e, p.pdgId);
  } else {
    out = Particle.fromPtEtaPhiE(pt, eta, phi, e, p.pdgId);
  }
  out.charge = p.charge;
  out.spin = p.spin;
  return out;
}
