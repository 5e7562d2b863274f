// @mm/delphes: Event readers (LHE, HepMC weights), particles, observables, cuts, smearing.
export { parseFortranNumber } from "./numbers.js";
export { streamLines, isGzipFile } from "./lines.js";
export type { LineStreamProgress } from "./lines.js";
export { parseLHEHeader, parseInitrwgt, parseRunCard, parseAttributes } from "./lhe-header.js";
export type { LHEHeader, LHEWeightInfo, LHEWeightGroup, LHEInit, LHEProcessInfo } from "./lhe-header.js";
export { readLHE, readLHEHeader } from "./lhe.js";
export type { LHEEvent, LHEParticle, ReadLHEOptions, ReadLHEResult } from "./lhe.js";
