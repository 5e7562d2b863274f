// The objects an observable sees for one event, built from the final-state
// particles as Python MadMiner's LHE reader does: collections e, mu, tau, a, j,
// l, v sorted by descending pt; p (all final-state particles, file order);
// p_truth (before smearing); met from the visible particles (+ optional noise);
// visible (sum of visible particles) and all (visible + met).
import { Particle } from "./particle.js";

/** PDG ids (absolute values) that count as jets: quarks d..t, generic 9, gluon. */
export const JET_IDS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 9, 21]);
/** Absolute PDG ids of the "standard" visible particles entering MET: quarks, charged leptons, gauge bosons, Higgs. */
export const VISIBLE_IDS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 13, 15, 21, 22, 23, 24, 25]);
const NEUTRINO_IDS: ReadonlySet<number> = new Set([12, 14, 16]);

/** The names observables and cuts may use (besides observable names in cuts). */
export const OBJECT_NAMES = ["e", "mu", "tau", "a", "j", "l", "v", "p", "p_truth", "met", "visible", "all", "n_particles", "scale", "alpha_qed", "alpha_qcd"] as const;

/**
 * The objects of one event that observables, cuts and efficiencies see, built by `buildObjects`:
 * e, mu, tau, a (photons), j, l (e and mu), v (neutrinos) sorted by descending pt; p (all final-state
 * particles, file order) and p_truth (before smearing); met, visible and all (visible + met); and the
 * event-level numbers of the LHE event line. For cuts and efficiencies, the observable values are added by name.
 */
export interface EventObjects {
  e: Particle[];
  mu: Particle[];
  tau: Particle[];
  a: Particle[];
  j: Particle[];
  l: Particle[];
  v: Particle[];
  p: Particle[];
  p_truth: Particle[];
  met: Particle;
  visible: Particle;
  all: Particle;
  n_particles: number;
  scale: number;
  alpha_qed: number;
  alpha_qcd: number;
  [name: string]: unknown;
}

/** Normal draws for MET noise: (mean, std) → number. */
export type NormalDraw = (loc: number, scale: number) => number;

/** Options of `buildObjects`. */
export interface BuildObjectsOptions {
  /** Particles before smearing (default: the same as `particles`). */
  truth?: Particle[];
  /** MET noise std = abs + rel·HT (HT = scalar sum of visible pt). */
  metNoise?: { abs: number; rel: number } | null;
  /** Required with metNoise. */
  normal?: NormalDraw;
  /** Event-level numbers from the LHE event line. */
  global?: { nParticles: number; scale: number; alphaQED: number; alphaQCD: number };
  /** Called once per particle whose |PDG id| is not known (treated as invisible). */
  onUnknown?: (pdgId: number) => void;
}

const byPtDesc = (a: Particle, b: Particle) => b.pt - a.pt;

/** Builds the objects of one event. */
export function buildObjects(particles: Particle[], options: BuildObjectsOptions = {}): EventObjects {
  const e: Particle[] = [];
  const mu: Particle[] = [];
  const tau: Particle[] = [];
  const a: Particle[] = [];
  const j: Particle[] = [];
  const l: Particle[] = [];
  const v: Particle[] = [];
  let vx = 0;
  let vy = 0;
  let vz = 0;
  let ve = 0;
  let ht = 0;
  let q = 0;
  for (const p of particles) {
    const id = Math.abs(p.pdgId);
    if (JET_IDS.has(id)) j.push(p);
    else if (id === 11) {
      e.push(p);
      l.push(p);
    } else if (id === 13) {
      mu.push(p);
      l.push(p);
    } else if (id === 15) tau.push(p);
    else if (id === 22) a.push(p);
    else if (NEUTRINO_IDS.has(id)) v.push(p);
    else if (id !== 23 && id !== 24 && id !== 25 && options.onUnknown) options.onUnknown(p.pdgId);
    if (VISIBLE_IDS.has(id)) {
      vx += p.px;
      vy += p.py;
      vz += p.pz;
      ve += p.e;
      ht += p.pt;
      q += p.charge;
    }
  }
  if (e.length > 1) e.sort(byPtDesc);
  if (mu.length > 1) mu.sort(byPtDesc);
  if (tau.length > 1) tau.sort(byPtDesc);
  if (a.length > 1) a.sort(byPtDesc);
  if (j.length > 1) j.sort(byPtDesc);
  if (l.length > 1) l.sort(byPtDesc);
  if (v.length > 1) v.sort(byPtDesc);
  let nx = 0;
  let ny = 0;
  if (options.metNoise) {
    const std = options.metNoise.abs + options.metNoise.rel * ht;
    if (!options.normal) throw new Error("buildObjects: metNoise needs a normal() draw");
    nx = options.normal(0, std);
    ny = options.normal(0, std);
  }
  const mx = -vx + nx;
  const my = -vy + ny;
  const met = new Particle(mx, my, 0, Math.sqrt(mx * mx + my * my), 0, 0);
  const visible = new Particle(vx, vy, vz, ve, 0, q);
  const all = visible.add(met);
  const g = options.global;
  return {
    e,
    mu,
    tau,
    a,
    j,
    l,
    v,
    p: particles,
    p_truth: options.truth ?? particles,
    met,
    visible,
    all,
    n_particles: g ? g.nParticles : particles.length,
    scale: g ? g.scale : Number.NaN,
    alpha_qed: g ? g.alphaQED : Number.NaN,
    alpha_qcd: g ? g.alphaQCD : Number.NaN,
  };
}
