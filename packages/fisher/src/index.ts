// @mm/fisher: Fisher information: truth, rate, histograms, detector level; profiling and projection.
export {};
