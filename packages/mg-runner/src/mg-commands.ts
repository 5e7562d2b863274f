// MadGraph command files: process generation and launch.

/** The line that keeps MadGraph from opening a web browser (which can block a batch job). */
export const NO_BROWSER = "set automatic_html_opening False";

/**
 * The proc card without its own `output` and `launch` commands (commented out, with the
 * line numbers): MadMiner chooses the process directory and launches each run itself,
 * and a card's own `output DIR` would generate the process somewhere else first. A `launch`
 * takes the lines after it up to `done` (or the end of the card) as its answers: those
 * are commented out with it.
 */
export function stripProcCardCommands(procCard: string): { text: string; removed: { line: number; text: string }[] } {
  const removed: { line: number; text: string }[] = [];
  const note = "# (removed by MadMiner: the process directory and the runs are its own)";
  let inLaunch = false;
  const lines = procCard.split(/\r?\n/).map((line, i) => {
    const t = line.trim();
    if (inLaunch) {
      if (/^done$/i.test(t)) inLaunch = false;
      return t === "" ? line : `${note} ${t}`;
    }
    if (/^\s*(output|launch)(\s|$)/i.test(line)) {
      removed.push({ line: i + 1, text: t });
      if (/^launch/i.test(t)) inLaunch = true;
      return `${note} ${t}`;
    }
    return line;
  });
  return { text: lines.join("\n"), removed };
}

/**
 * The generate script: the proc card, then `output <dir>` (as MadMiner appends it).
 * With `noBrowser`, MadGraph is first told not to open HTML pages.
 */
export function generateCommands(procCard: string, processDirectory: string, options: { noBrowser?: boolean } = {}): string {
  return `${options.noBrowser ? `${NO_BROWSER}\n` : ""}${procCard}\n\noutput ${processDirectory}`;
}

/** What a MadGraph launch runs: the process directory, and whether Pythia8 showering and the reweighting module are on. */
export interface LaunchOptions {
  /** Process directory (MadMiner's scripts use the placeholder "$mgprocdir"). */
  processDirectory: string;
  /** Run Pythia8 (shower=Pythia8) or not (shower=OFF). */
  shower?: boolean;
  /** Run the reweighting module (false for backgrounds). */
  reweight?: boolean;
}

/** The launch commands exactly as MadMiner writes them (indented, trailing spaces, no answer to the card prompt). */
export function madminerLaunchCommands(o: LaunchOptions): string {
  const pad = "        ";
  return `\n${pad}launch ${o.processDirectory}\n${pad}shower=${o.shower ? "Pythia8" : "OFF"}\n${pad}detector=OFF\n${pad}analysis=OFF\n${pad}madspin=OFF\n${pad}reweight=${o.reweight === false ? "OFF" : "ON"}\n${pad}done\n${pad}`;
}

/** Options of `explicitLaunchCommands`: a launch with its run name and answers to the card-edit prompt. */
export interface ExplicitLaunchOptions extends LaunchOptions {
  /** Run name (`-n`); MadGraph picks run_NN when absent. */
  runName?: string;
  /** Card files given to the card-edit prompt (MadGraph copies them into Cards/). */
  cards?: string[];
  /** `set` commands for the card-edit prompt, e.g. "set dim6 2 0.0". */
  sets?: string[];
  /** Start with `set automatic_html_opening False`. */
  noBrowser?: boolean;
}

/**
 * A launch script that answers every prompt: the switch prompt ends with `done`,
 * the card-edit prompt ("Do you want to edit a card", madminer#541) gets the card
 * paths, the `set` lines and a final `done`. Same form as the corpus's launch_run01.mg5.
 */
export function explicitLaunchCommands(o: ExplicitLaunchOptions): string {
  const lines = o.noBrowser ? [NO_BROWSER] : [];
  lines.push(`launch ${o.processDirectory}${o.runName ? ` -n ${o.runName}` : ""}`);
  lines.push(`shower=${o.shower ? "Pythia8" : "OFF"}`, "detector=OFF", "analysis=OFF", "madspin=OFF", `reweight=${o.reweight === false ? "OFF" : "ON"}`, "done");
  lines.push(...(o.cards ?? []), ...(o.sets ?? []), "done");
  return lines.join("\n") + "\n";
}
