// @mm/delphes: Event readers (LHE, HepMC weights), particles, observables, cuts, smearing.
export { parseFortranNumber } from "./numbers.js";
export { streamLines, isGzipFile } from "./lines.js";
export type { LineStreamProgress } from "./lines.js";
export { parseLHEHeader, parseInitrwgt, parseRunCard, parseAttributes } from "./lhe-header.js";
export type { LHEHeader, LHEWeightInfo, LHEWeightGroup, LHEInit, LHEProcessInfo } from "./lhe-header.js";
export { readLHE, readLHEHeader } from "./lhe.js";
export type { LHEEvent, LHEParticle, ReadLHEOptions, ReadLHEResult } from "./lhe.js";
export { Particle, PARTICLE_EXPR_TYPE, chargeOf, threeCharge, wrapDeltaPhi } from "./particle.js";
export { buildObjects, OBJECT_NAMES, JET_IDS, VISIBLE_IDS } from "./objects.js";
export type { EventObjects, BuildObjectsOptions, NormalDraw } from "./objects.js";
export { smearParticle, checkSmearingRule } from "./smearing.js";
export type { SmearingRule, Resolution } from "./smearing.js";
export { LHEReader } from "./lhe-reader.js";
export type { SampleOptions, LHESample, ObservableOptions, ObservableFunction, SmearingOptions, SampleReport, AnalyseOptions, SaveOptions } from "./lhe-reader.js";
export { readHepMCWeightInfo, parseHepMC2WeightNames, parseHepMC3WeightNames } from "./hepmc.js";
export type { HepMCWeightInfo } from "./hepmc.js";
export { classifyWeight } from "./weight-kinds.js";
export type { WeightKind, WeightClass } from "./weight-kinds.js";
