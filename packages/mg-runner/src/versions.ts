// Supported MadGraph and Python versions, checked before anything is run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ToolError } from "@mm/util";

/** MadGraph5_aMC@NLO versions this runner is written for. */
export const SUPPORTED_MADGRAPH = "2.9.x and 3.x (3.1 to 3.6 tested by the MadMiner community)";

/** The MadGraph installation found by `checkMadGraph`: its version (from VERSION) and the mg5_aMC executable. */
export interface MadGraphInfo {
  version: string;
  major: number;
  minor: number;
  /** The mg5_aMC executable. */
  executable: string;
}

/** Reads <mgDirectory>/VERSION and checks it; throws ToolError with what to do. */
export function checkMadGraph(mgDirectory: string): MadGraphInfo {
  const executable = join(mgDirectory, "bin", "mg5_aMC");
  if (!existsSync(executable)) {
    throw new ToolError(`MadGraph not found: ${executable} does not exist. Pass the MadGraph5_aMC@NLO directory (the one containing bin/mg5_aMC) as mgDirectory / --mg-dir`);
  }
  const versionFile = join(mgDirectory, "VERSION");
  if (!existsSync(versionFile)) {
    throw new ToolError(`${versionFile} is missing, so the MadGraph version cannot be checked; supported: ${SUPPORTED_MADGRAPH}`);
  }
  const m = /version\s*=\s*(\d+)\.(\d+)\.(\d+)/i.exec(readFileSync(versionFile, "utf8"));
  if (!m) throw new ToolError(`cannot read a version from ${versionFile}; supported: ${SUPPORTED_MADGRAPH}`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  if (major < 2 || (major === 2 && minor < 9) || major > 3) {
    throw new ToolError(`MadGraph ${version} in ${mgDirectory} is not supported (supported: ${SUPPORTED_MADGRAPH}). MadMiner's reweighting card format and prompts differ in older versions; install MG5_aMC 3.x`);
  }
  return { version, major, minor, executable };
}

/** Runs `<python> --version` and checks it against the MadGraph version; returns the version string. */
export function checkPython(pythonExecutable: string, madgraph?: MadGraphInfo): string {
  const r = spawnSync(pythonExecutable, ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new ToolError(`cannot run the Python interpreter '${pythonExecutable}' (${r.error?.message ?? (r.stderr || "").trim()}). Pass pythonExecutable / --python`);
  }
  const text = `${r.stdout}${r.stderr}`.trim();
  const m = /Python (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) throw new ToolError(`'${pythonExecutable} --version' printed '${text}', not a Python version`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const version = `${m[1]}.${m[2]}${m[3] ? `.${m[3]}` : ""}`;
  const needs37 = !madgraph || madgraph.major >= 3;
  if (major < 3 && needs37) throw new ToolError(`Python ${version} (${pythonExecutable}) cannot run MadGraph ${madgraph?.version ?? "3.x"}: it needs Python 3.7 or newer`);
  if (major === 3 && minor < 7) throw new ToolError(`Python ${version} (${pythonExecutable}) is too old for MadGraph: use Python 3.7 or newer`);
  if (major === 3 && minor >= 13 && madgraph && madgraph.major === 2) {
    throw new ToolError(`Python ${version} is too new for MadGraph ${madgraph.version} (it uses modules removed from Python 3.12+); use Python 3.7-3.11 or MadGraph 3.5+`);
  }
  return version;
}
