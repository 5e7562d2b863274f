// @mm/plot: Figures (SVG and PNG) for morphing bases, Fisher information and distributions.
export {};
