// @mm/delphes: Event readers (LHE, HepMC weights), particles, observables, cuts, smearing.
export {};
