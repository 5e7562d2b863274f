// @mm/core: The MadMiner setup: parameters, benchmarks, morphing basis, save/load.
export {};
