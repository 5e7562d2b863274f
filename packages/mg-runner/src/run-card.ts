// run_card.dat edits: nevents, iseed, event_norm in place; the systematics
// entries commented out and re-added in a MadMiner block, as MadMiner does.
import { InputError } from "@mm/util";

/** A systematic as stored in MadMiner files (@mm/hdf5's Systematic). */
export interface RunCardSystematic {
  name: string;
  /** "norm", "scale" or "pdf". */
  type: string;
  /** scale: the variation factors ("0.5,1,2"); pdf: the PDF set ("errorset", "260000"); norm: the size. */
  value: string;
  /** scale: "mu", "mur" or "muf". */
  scale?: string | null;
}

/** The run card entries `writeRunCard` sets (each left unchanged when omitted), and the systematics of the setup. */
export interface RunCardOptions {
  nevents?: number;
  iseed?: number;
  eventNorm?: "average" | "sum" | "unity" | "bias";
  /** Systematics of the setup; scale and pdf ones switch MadGraph's systematics module on. */
  systematics?: RunCardSystematic[] | null;
}

// MadMiner lists "systematics_argument"; the cards MadMiner actually wrote also comment out "systematics_arguments".
const COMMENTED_OUT = ["use_syst", "systematics_program", "systematics_argument", "systematics_arguments", "sys_scalefact", "sys_alpsfact", "sys_matchscale", "sys_pdf"];

/** The key of a "value = key ! comment" line, or null. */
function lineKey(line: string): string | null {
  const content = line.split("#")[0].split("!")[0];
  const parts = content.split("=");
  if (parts.length < 2) return null;
  return parts[parts.length - 1].trim();
}

/**
 * MadGraph's systematics_arguments as a proper Python list literal of strings,
 * e.g. ['--mur=0.5,1,2', '--muf=0.5,1,2', '--together=mur,muf', '--dyn=-1', '--pdf=errorset'].
 * Built from plain strings, never from a bytes repr (madminer#523 wrote [b'--mur...']).
 */
export function systematicsArguments(systematics: RunCardSystematic[] | null | undefined): string {
  if (!systematics) return "";
  const args: string[] = [];
  let mur = false;
  let muf = false;
  let pdf = false;
  const clean = (v: string, what: string): string => {
    if (typeof v !== "string" || /['"\\\n]/.test(v) || /^b'/.test(v)) throw new InputError(`systematic ${what} value ${JSON.stringify(v)} is not a plain string (quotes, backslashes, or a bytes repr such as b'...'): decode it first`);
    return v.trim();
  };
  for (const s of systematics) {
    if (s.type === "scale") {
      const scale = s.scale ?? "mu";
      const v = clean(s.value, s.name);
      if (scale === "mu") {
        if (mur || muf) throw new InputError(`more than one scale systematic for mur/muf ('${s.name}')`);
        args.push(`'--mur=${v}'`, `'--muf=${v}'`, "'--together=mur,muf'", "'--dyn=-1'");
        mur = muf = true;
      } else if (scale === "mur") {
        if (mur) throw new InputError(`more than one scale systematic for mur ('${s.name}')`);
        args.push(`'--mur=${v}'`, "'--dyn=-1'");
        mur = true;
      } else if (scale === "muf") {
        if (muf) throw new InputError(`more than one scale systematic for muf ('${s.name}')`);
        args.push(`'--muf=${v}'`, "'--dyn=-1'");
        muf = true;
      } else {
        throw new InputError(`systematic '${s.name}': scale must be mu, mur or muf, got '${scale}'`);
      }
    } else if (s.type === "pdf") {
      if (pdf) throw new InputError(`more than one PDF systematic ('${s.name}')`);
      args.push(`'--pdf=${clean(s.value, s.name)}'`);
      pdf = true;
    }
  }
  return args.length > 0 ? `[${args.join(", ")}]` : "";
}

/** Replaces the value of "value = key" in place, keeping the spacing and comment. */
function setValue(lines: string[], key: string, value: string): boolean {
  for (let i = 0; i < lines.length; i++) {
    if (lineKey(lines[i]) !== key) continue;
    if (lines[i].trimStart().startsWith("#")) continue;
    const m = /^(\s*)(\S.*?)(\s*=\s*)/.exec(lines[i]);
    if (!m) continue;
    lines[i] = m[1] + value + lines[i].slice(m[1].length + m[2].length);
    return true;
  }
  return false;
}

/** Edits a run card; the result ends with MadMiner's systematics block (one entry per line). */
export function writeRunCard(template: string, options: RunCardOptions = {}): string {
  const lines = template.split("\n");
  const edits: [string, string | undefined][] = [
    ["nevents", options.nevents === undefined ? undefined : String(checkInt(options.nevents, "nevents", 1))],
    ["iseed", options.iseed === undefined ? undefined : String(checkInt(options.iseed, "iseed", 0))],
    ["event_norm", options.eventNorm],
  ];
  for (const [key, value] of edits) {
    if (value === undefined) continue;
    if (!setValue(lines, key, value)) lines.push(` ${value} = ${key}`);
  }
  const systematics = options.systematics ?? [];
  const runSystematics = systematics.some((s) => s.type === "pdf" || s.type === "scale");
  for (let i = 0; i < lines.length; i++) {
    const key = lineKey(lines[i]);
    if (key !== null && COMMENTED_OUT.includes(key)) lines[i] = `# ${lines[i]} # Commented out by MadMiner`;
  }
  lines.push("", "#*********************************************************************", "# MadMiner systematics setup                                         *", "#*********************************************************************");
  if (runSystematics) {
    lines.push("True = use_syst", "systematics = systematics_program", `${systematicsArguments(systematics)} = systematics_arguments`);
  } else {
    lines.push("False = use_syst");
  }
  lines.push("");
  return lines.join("\n");
}

function checkInt(v: number, name: string, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new InputError(`run card ${name} must be an integer >= ${min}, got ${v}`);
  return v;
}
