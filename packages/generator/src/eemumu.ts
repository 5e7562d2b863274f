// e+ e- → μ+ μ- at tree level: s-channel photon and Z exchange plus the
// dimension-6 vector and axial-vector contact operators
//   L ⊃ (c_VV/Λ²) (ē γ^μ e)(μ̄ γ_μ μ) + (c_AA/Λ²) (ē γ^μ γ5 e)(μ̄ γ_μ γ5 μ).
// For massless leptons with helicities i (electron) and j (muon), i, j ∈ {L, R},
//   A_ij = e² Q_e Q_μ / s + g_i g_j / (s − M_Z² + i M_Z Γ_Z) + C_ij,
//   C_LL = C_RR = c_VV + c_AA,  C_LR = C_RL = c_VV − c_AA   (in GeV⁻²),
//   dσ/dcosθ = s/(128π) [ (|A_LL|² + |A_RR|²)(1 + cosθ)² + (|A_LR|² + |A_RL|²)(1 − cosθ)² ],
// θ the angle between the e⁻ and the μ⁻. With photon exchange alone this is
// the textbook πα²(1 + cos²θ)/(2s). Each |A_ij|² is a quadratic polynomial in
// (c_VV, c_AA), so the weights morph exactly with the 6 components
// 1, c_VV, c_AA, c_VV², c_VV c_AA, c_AA².

/** (ħc)² in pb·GeV²: converts GeV⁻² to pb. */
export const GEV2_TO_PB = 0.3893793721e9;

/** Electroweak inputs of the e+ e- → μ+ μ- matrix element (see DEFAULT_INPUTS). */
export interface ElectroweakInputs {
  /** Z mass [GeV]. */
  mZ: number;
  /** Z width [GeV]. */
  widthZ: number;
  /** 1/α (at the scale of the process). */
  alphaInverse: number;
  /** sin²θ_W (effective leptonic). */
  sin2ThetaW: number;
}

/** PDG-like inputs: M_Z, Γ_Z, α(M_Z)⁻¹ = 127.95 and sin²θ_eff = 0.23153. */
export const DEFAULT_INPUTS: ElectroweakInputs = { mZ: 91.1876, widthZ: 2.4952, alphaInverse: 127.95, sin2ThetaW: 0.23153 };

/** Contact-operator coefficients in TeV⁻² (c/Λ² with Λ in TeV). */
export interface ContactCouplings {
  cVV: number;
  cAA: number;
}

/** Parameter point [c_VV, c_AA] in TeV⁻² → couplings. */
export function couplingsOf(theta: ArrayLike<number>): ContactCouplings {
  return { cVV: theta[0] ?? 0, cAA: theta[1] ?? 0 };
}

/**
 * Sum of squared helicity amplitudes in the two angular structures:
 * `plus` multiplies (1 + cosθ)², `minus` multiplies (1 − cosθ)² (GeV⁻⁴).
 */
export function squaredAmplitudes(s: number, c: ContactCouplings, inputs: ElectroweakInputs = DEFAULT_INPUTS): { plus: number; minus: number } {
  const e2 = (4 * Math.PI) / inputs.alphaInverse;
  const sw2 = inputs.sin2ThetaW;
  const swcw = Math.sqrt(sw2 * (1 - sw2));
  // Charged lepton: T3 = −1/2, Q = −1.
  const gL = (-0.5 + sw2) / swcw;
  const gR = sw2 / swcw;
  const qq = 1; // Q_e Q_μ = (−1)(−1)
  const dRe = s - inputs.mZ * inputs.mZ;
  const dIm = inputs.mZ * inputs.widthZ;
  const den = dRe * dRe + dIm * dIm;
  // 1/(dRe + i dIm) = (dRe − i dIm)/den
  const propRe = dRe / den;
  const propIm = -dIm / den;
  const toGeV = 1e-6; // TeV⁻² → GeV⁻²
  const cSame = (c.cVV + c.cAA) * toGeV;
  const cOpp = (c.cVV - c.cAA) * toGeV;
  const amp2 = (gi: number, gj: number, contact: number) => {
    const re = (e2 * qq) / s + e2 * gi * gj * propRe + contact;
    const im = e2 * gi * gj * propIm;
    return re * re + im * im;
  };
  return {
    plus: amp2(gL, gL, cSame) + amp2(gR, gR, cSame),
    minus: amp2(gL, gR, cOpp) + amp2(gR, gL, cOpp),
  };
}

/** dσ/dcosθ in pb at √s = `sqrtS` GeV. */
export function differentialCrossSection(sqrtS: number, cosTheta: number, theta: ArrayLike<number>, inputs: ElectroweakInputs = DEFAULT_INPUTS): number {
  const s = sqrtS * sqrtS;
  const { plus, minus } = squaredAmplitudes(s, couplingsOf(theta), inputs);
  return ((s / (128 * Math.PI)) * (plus * (1 + cosTheta) ** 2 + minus * (1 - cosTheta) ** 2)) * GEV2_TO_PB;
}

/**
 * σ in pb for |cosθ| < cosMax, analytically: ∫(1 ± c)² dc over [−a, a] = 2a + 2a³/3
 * for both structures, so σ = s/(128π) (2a + 2a³/3) Σ_ij |A_ij|².
 */
export function totalCrossSection(sqrtS: number, theta: ArrayLike<number>, cosMax = 1, inputs: ElectroweakInputs = DEFAULT_INPUTS): number {
  const s = sqrtS * sqrtS;
  const { plus, minus } = squaredAmplitudes(s, couplingsOf(theta), inputs);
  const a = cosMax;
  return (s / (128 * Math.PI)) * (2 * a + (2 * a ** 3) / 3) * (plus + minus) * GEV2_TO_PB;
}

/** Forward–backward asymmetry A_FB = 3/4 (plus − minus)/(plus + minus) for the full angular range. */
export function forwardBackwardAsymmetry(sqrtS: number, theta: ArrayLike<number>, inputs: ElectroweakInputs = DEFAULT_INPUTS): number {
  const { plus, minus } = squaredAmplitudes(sqrtS * sqrtS, couplingsOf(theta), inputs);
  return (0.75 * (plus - minus)) / (plus + minus);
}
