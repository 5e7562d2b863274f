// Runs an external tool without ever waiting for a human: prompts are answered
// from a fixed list, silence longer than the inactivity limit is a hang, the
// whole output goes to a log file that is kept.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { ToolError } from "@mm/util";

/** Options of `runTool`: the command, its log file, the answers to its prompts and the hang / time limits. */
export interface ToolRunOptions {
  /** Bash command line (run with `bash -c`). */
  command: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Log file receiving stdout and stderr (its directory is created). */
  logFile: string;
  /** Lines written to stdin before it is closed (answers to prompts). Default: a few "done". */
  answers?: string[];
  /** Seconds without any output after which the tool is considered hung. Default 1800. */
  inactivityTimeout?: number;
  /** Seconds after which the tool is stopped in any case. Default: none. */
  timeout?: number;
  /** Called with each complete output line (progress display). */
  onLine?: (line: string) => void;
  /** Identical output lines in a row that count as a prompt loop. Default 200. */
  maxRepeatedLines?: number;
  /** Name used in messages ("MadGraph"). */
  toolName?: string;
}

/** A successful `runTool` run: exit code, the last output lines and the duration in seconds. */
export interface ToolRunResult {
  exitCode: number;
  /** The last lines of output. */
  tail: string[];
  seconds: number;
}

const PROMPT = /(Do you want to edit a card|\[\s*0\s*,\s*done|press enter|Type '?done'?|\?\s*$|:\s*$|\[y\/n\]|timer)/i;

/** Runs the command; resolves on exit code 0, rejects with a ToolError (log path, last lines, hang diagnosis) otherwise. */
export function runTool(o: ToolRunOptions): Promise<ToolRunResult> {
  const name = o.toolName ?? "the tool";
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = createWriteStream(o.logFile, { flags: "a" });
  log.write(`# ${new Date().toISOString()} running: ${o.command}\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", o.command], { cwd: o.cwd, env: o.env ?? process.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const tail: string[] = [];
    let partial = "";
    let lastOutput = Date.now();
    let killedFor: string | null = null;
    // A prompt asked again and again (its answer rejected, stdin at EOF) keeps
    // printing, so silence never comes: stop after many identical lines.
    let repeatedLine = "";
    let repeats = 0;
    const push = (chunk: Buffer) => {
      lastOutput = Date.now();
      log.write(chunk);
      const text = partial + chunk.toString("utf8");
      const lines = text.split(/\r?\n/);
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line.trim() !== "" && line === repeatedLine) {
          if (++repeats >= (o.maxRepeatedLines ?? 200)) stop("loop");
        } else if (line.trim() !== "") {
          repeatedLine = line;
          repeats = 1;
        }
        tail.push(line);
        if (tail.length > 40) tail.shift();
        o.onLine?.(line);
      }
    };
    // MadGraph runs in its own process group (so that a hang can be stopped with
    // all its children); take the group down if this process exits first.
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
    };
    process.once("exit", killGroup);
    child.stdout.on("data", push);
    child.stderr.on("data", push);
    child.stdin.on("error", () => {
      /* the tool may exit without reading its answers */
    });
    child.stdin.end((o.answers ?? ["done", "done", "done"]).map((a) => a + "\n").join(""));
    const stop = (why: string) => {
      if (killedFor) return;
      killedFor = why;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 3000).unref();
    };
    const inactivity = (o.inactivityTimeout ?? 1800) * 1000;
    const timer = setInterval(() => {
      if (Date.now() - lastOutput > inactivity) stop("inactivity");
      else if (o.timeout !== undefined && Date.now() - started > o.timeout * 1000) stop("timeout");
    }, Math.min(1000, Math.max(50, inactivity / 10)));
    child.on("error", (err) => {
      clearInterval(timer);
      log.end();
      reject(new ToolError(`could not start ${name} (${o.command}): ${err.message}`, { cause: err }));
    });
    child.on("close", (code, signal) => {
      clearInterval(timer);
      process.removeListener("exit", killGroup);
      if (partial) tail.push(partial);
      log.end(() => {
        const seconds = (Date.now() - started) / 1000;
        const last = tail.slice(-15).map((l) => `    ${l}`).join("\n");
        if (killedFor) {
          const lastLine = (partial || tail[tail.length - 1] || "").trim();
          const atPrompt = PROMPT.test(lastLine);
          const why =
            killedFor === "timeout"
              ? `${name} did not finish within ${o.timeout} s`
              : killedFor === "loop"
                ? `${name} keeps repeating "${repeatedLine.trim().slice(0, 120)}": it is asking a question the prepared answers do not cover`
              : atPrompt
                ? `${name} is waiting for input at a prompt ("${lastLine.slice(0, 120)}") that the prepared answers did not cover; no output for ${o.inactivityTimeout ?? 1800} s`
                : `${name} produced no output for ${o.inactivityTimeout ?? 1800} s and was stopped as hung`;
          reject(new ToolError(`${why}. Log: ${o.logFile}\n  last lines:\n${last}`));
          return;
        }
        if (code !== 0) {
          reject(new ToolError(`${name} failed (exit code ${code ?? `signal ${signal}`}). Log: ${o.logFile}\n  last lines:\n${last}`));
          return;
        }
        resolve({ exitCode: 0, tail, seconds });
      });
    });
  });
}
