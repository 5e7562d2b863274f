// @mm/morphing: Morphing: components, basis, morphing matrix, weights and gradients, basis optimisation.
export {};
