// @mm/sampling: SampleAugmenter: training samples with joint likelihood ratios and joint scores.
export {};
