// A compact four-momentum with a PDG id: the object that observables see as
// j[0], a[1], met, ... Exposed to @mm/expr through an explicit allow-list of
// attributes, methods and operators (nothing else is reachable from a string).
import { EXPR_TYPE, type ExprType } from "@mm/expr";

const TWO_PI = 2 * Math.PI;

/** Three times the electric charge of the particle with this PDG id (0 when unknown or neutral). */
export function threeCharge(pdgId: number): number {
  const a = Math.abs(pdgId);
  const s = pdgId < 0 ? -1 : 1;
  let q = 0;
  if (a >= 1 && a <= 8) q = a % 2 === 0 ? 2 : -1; // u-type +2/3, d-type -1/3
  else if (a === 11 || a === 13 || a === 15 || a === 17) q = -3;
  else if (a === 24 || a === 37) q = 3;
  return s * q;
}

/** The electric charge (in units of e) of a PDG id. */
export function chargeOf(pdgId: number): number {
  return threeCharge(pdgId) / 3;
}

/** Wraps an angle difference into [-π, π) (Python `(d + π) % 2π - π`, as the `vector` package does). */
export function wrapDeltaPhi(d: number): number {
  let r = (d + Math.PI) % TWO_PI;
  if (r < 0) r += TWO_PI;
  return r - Math.PI;
}

/** A four-momentum (px, py, pz, E) in GeV with a PDG id and charge. */
export class Particle {
  px: number;
  py: number;
  pz: number;
  e: number;
  pdgId: number;
  charge: number;
  /** LHE SPINUP (9 = unknown). */
  spin: number;

  constructor(px: number, py: number, pz: number, e: number, pdgId = 0, charge?: number, spin = 9) {
    this.px = px;
    this.py = py;
    this.pz = pz;
    this.e = e;
    this.pdgId = pdgId;
    this.charge = charge ?? chargeOf(pdgId);
    this.spin = spin;
  }

  /** From transverse momentum, pseudorapidity, azimuth and energy. */
  static fromPtEtaPhiE(pt: number, eta: number, phi: number, e: number, pdgId = 0): Particle {
    return new Particle(pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta), e, pdgId);
  }

  /** From transverse momentum, pseudorapidity, azimuth and mass (energy from the on-shell condition). */
  static fromPtEtaPhiM(pt: number, eta: number, phi: number, m: number, pdgId = 0): Particle {
    const pz = pt * Math.sinh(eta);
    const e = Math.sqrt(pt * pt + pz * pz + m * m);
    return new Particle(pt * Math.cos(phi), pt * Math.sin(phi), pz, e, pdgId);
  }

  get pt(): number {
    return Math.hypot(this.px, this.py);
  }
  get pt2(): number {
    return this.px * this.px + this.py * this.py;
  }
  /** |p|. */
  get p(): number {
    return Math.sqrt(this.px * this.px + this.py * this.py + this.pz * this.pz);
  }
  /** Pseudorapidity asinh(pz / pt); ±Infinity along the beam. */
  get eta(): number {
    const pt = this.pt;
    if (pt === 0) return this.pz === 0 ? 0 : this.pz > 0 ? Infinity : -Infinity;
    return Math.asinh(this.pz / pt);
  }
  /** Azimuth atan2(py, px) in (-π, π]. (Python MadMiner's LHE particles use [0, 2π); see README.) */
  get phi(): number {
    return Math.atan2(this.py, this.px);
  }
  /** Polar angle in [0, π]. */
  get theta(): number {
    return Math.atan2(this.pt, this.pz);
  }
  /** Rapidity ½ ln((E + pz)/(E − pz)). */
  get rapidity(): number {
    return 0.5 * Math.log((this.e + this.pz) / (this.e - this.pz));
  }
  /** Invariant mass squared E² − p². */
  get m2(): number {
    return this.e * this.e - (this.px * this.px + this.py * this.py + this.pz * this.pz);
  }
  /** Signed invariant mass: sign(m²)·sqrt(|m²|), as ROOT's TLorentzVector::M() and scikit-hep vector. */
  get m(): number {
    const m2 = this.m2;
    return m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
  }
  /** Transverse energy E·pt/|p|. */
  get et(): number {
    const p = this.p;
    return p === 0 ? 0 : (this.e * this.pt) / p;
  }
  /** Transverse mass sqrt(E² − pz²) (signed like m). */
  get mt(): number {
    const v = this.e * this.e - this.pz * this.pz;
    return v < 0 ? -Math.sqrt(-v) : Math.sqrt(v);
  }

  /** Azimuthal separation this.phi − other.phi wrapped into [-π, π). */
  deltaphi(other: Particle): number {
    return wrapDeltaPhi(this.phi - other.phi);
  }
  /** this.eta − other.eta. */
  deltaeta(other: Particle): number {
    return this.eta - other.eta;
  }
  /** sqrt(Δη² + Δφ²). */
  deltaR(other: Particle): number {
    const de = this.eta - other.eta;
    const dp = this.deltaphi(other);
    return Math.sqrt(de * de + dp * dp);
  }

  /** Four-vector sum (pdgId 0, charges added). */
  add(other: Particle): Particle {
    return new Particle(this.px + other.px, this.py + other.py, this.pz + other.pz, this.e + other.e, 0, this.charge + other.charge);
  }
  /** Four-vector difference. */
  subtract(other: Particle): Particle {
    return new Particle(this.px - other.px, this.py - other.py, this.pz - other.pz, this.e - other.e, 0, this.charge - other.charge);
  }
  /** Four-vector times a number. */
  scale(k: number): Particle {
    return new Particle(k * this.px, k * this.py, k * this.pz, k * this.e, this.pdgId, this.charge, this.spin);
  }
  /** Minkowski product E₁E₂ − p₁·p₂. */
  dot(other: Particle): number {
    return this.e * other.e - this.px * other.px - this.py * other.py - this.pz * other.pz;
  }
  /** Velocity vector (px, py, pz)/E of this momentum. */
  boostVector(): [number, number, number] {
    return [this.px / this.e, this.py / this.e, this.pz / this.e];
  }
  /** Lorentz boost by velocity (bx, by, bz), |b| < 1 (active boost, as TLorentzVector::Boost). */
  boost(bx: number, by: number, bz: number): Particle {
    const b2 = bx * bx + by * by + bz * bz;
    if (!(b2 < 1)) throw new RangeError(`boost: |beta| must be < 1, got ${Math.sqrt(b2)}`);
    if (b2 === 0) return new Particle(this.px, this.py, this.pz, this.e, this.pdgId, this.charge, this.spin);
    const gamma = 1 / Math.sqrt(1 - b2);
    const bp = bx * this.px + by * this.py + bz * this.pz;
    const g2 = (gamma - 1) / b2;
    return new Particle(
      this.px + g2 * bp * bx + gamma * bx * this.e,
      this.py + g2 * bp * by + gamma * by * this.e,
      this.pz + g2 * bp * bz + gamma * bz * this.e,
      gamma * (this.e + bp),
      this.pdgId,
      this.charge,
      this.spin,
    );
  }
  /** This momentum seen in the rest frame of `frame`. */
  boostToRestFrameOf(frame: Particle): Particle {
    const [bx, by, bz] = frame.boostVector();
    return this.boost(-bx, -by, -bz);
  }
  clone(): Particle {
    return new Particle(this.px, this.py, this.pz, this.e, this.pdgId, this.charge, this.spin);
  }
}

const isParticle = (v: unknown): v is Particle => v instanceof Particle;

/** What expressions may read from a Particle. Names follow Python MadMiner (and old scikit-hep aliases). */
export const PARTICLE_EXPR_TYPE: ExprType = {
  name: "particle",
  attributes: {
    pt: (s: Particle) => s.pt,
    eta: (s: Particle) => s.eta,
    phi: (s: Particle) => s.phi,
    m: (s: Particle) => s.m,
    mass: (s: Particle) => s.m,
    m2: (s: Particle) => s.m2,
    e: (s: Particle) => s.e,
    E: (s: Particle) => s.e,
    energy: (s: Particle) => s.e,
    t: (s: Particle) => s.e,
    px: (s: Particle) => s.px,
    py: (s: Particle) => s.py,
    pz: (s: Particle) => s.pz,
    x: (s: Particle) => s.px,
    y: (s: Particle) => s.py,
    z: (s: Particle) => s.pz,
    p: (s: Particle) => s.p,
    et: (s: Particle) => s.et,
    mt: (s: Particle) => s.mt,
    theta: (s: Particle) => s.theta,
    rapidity: (s: Particle) => s.rapidity,
    charge: (s: Particle) => s.charge,
    pdgid: (s: Particle) => s.pdgId,
    pdgId: (s: Particle) => s.pdgId,
  },
  methods: {
    deltaphi: (s: Particle, o: unknown) => s.deltaphi(asParticle(o, "deltaphi")),
    deltaeta: (s: Particle, o: unknown) => s.deltaeta(asParticle(o, "deltaeta")),
    deltaR: (s: Particle, o: unknown) => s.deltaR(asParticle(o, "deltaR")),
    deltar: (s: Particle, o: unknown) => s.deltaR(asParticle(o, "deltar")),
    dot: (s: Particle, o: unknown) => s.dot(asParticle(o, "dot")),
    boost_to_rest_frame_of: (s: Particle, o: unknown) => s.boostToRestFrameOf(asParticle(o, "boost_to_rest_frame_of")),
  },
  operators: {
    "+": (a: unknown, b: unknown) => (isParticle(a) && isParticle(b) ? a.add(b) : undefined),
    "-": (a: unknown, b: unknown) => (isParticle(a) && isParticle(b) ? a.subtract(b) : undefined),
    "*": (a: unknown, b: unknown) =>
      isParticle(a) && typeof b === "number" ? a.scale(b) : typeof a === "number" && isParticle(b) ? b.scale(a) : undefined,
  },
};

function asParticle(v: unknown, method: string): Particle {
  if (v instanceof Particle) return v;
  throw new RangeError(`${method}() expects a particle`);
}

Object.defineProperty(Particle.prototype, EXPR_TYPE, { value: PARTICLE_EXPR_TYPE, enumerable: false });
