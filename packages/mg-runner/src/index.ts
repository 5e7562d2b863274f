// @mm/mg-runner: MadGraph and Pythia orchestration: cards, runs, batch scripts.
export {};
