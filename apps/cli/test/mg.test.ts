// mm mg: spawns the built CLI (build with `pnpm turbo run build --filter=@mm/cli...` first).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, noShared, shared } from "../../../tools/test-support/shared.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const dir = mkdtempSync(join(tmpdir(), "mm-cli-mg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CARD = (n: string) => shared("corpus", "cards", n);

function mm(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A minimal fake MadGraph: `output` makes a process folder, `launch ... -n NAME` copies a real LHE file.
function fakeMadGraph(): string {
  const mg = join(dir, "MG5_aMC");
  mkdirSync(join(mg, "bin"), { recursive: true });
  writeFileSync(join(mg, "VERSION"), "version = 3.5.7\n");
  writeFileSync(
    join(mg, "bin", "mg5_aMC"),
    [
      "#!/bin/bash",
      "out=$(grep -E '^output ' \"$1\" | awk '{print $2}')",
      'if [ -n "$out" ]; then mkdir -p "$out/bin" "$out/Cards" "$out/Events"; touch "$out/bin/generate_events"; exit 0; fi',
      "line=$(grep -E '^launch ' \"$1\")",
      "d=$(echo \"$line\" | awk '{print $2}'); n=$(echo \"$line\" | awk '{print $4}')",
      'mkdir -p "$d/Events/$n"; cp "$FAKE_LHE" "$d/Events/$n/unweighted_events.lhe.gz"; echo "INFO: Done"',
      "",
    ].join("\n"),
  );
  chmodSync(join(mg, "bin", "mg5_aMC"), 0o755);
  return mg;
}

describe.skipIf(noShared())("mm mg", () => {
  it("cards: reweight card and one param card per benchmark, as MadMiner writes them (konda signal_0)", () => {
    const out = join(dir, "cards");
    const r = mm(["mg", "cards", "--setup", shared("corpus", "madminer-h5", "madminer-2024-setup-ewdim6.h5"), "--template", CARD("madminer-tutorial-param_card_template.dat"), "--sample-benchmark", "SM", "--out", out, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.files.length).toBe(7);
    expect(readFileSync(join(out, "reweight_card.dat"), "utf8")).toBe(readFileSync(CARD("konda-signal0-madminer-reweight_card_0.dat"), "utf8"));
    expect(readFileSync(join(out, "param_card_SM.dat"), "utf8")).toBe(readFileSync(CARD("konda-signal0-madminer-param_card_0.dat"), "utf8"));
  });

  it("cards: an unknown benchmark is a clear input error (exit 2) and writes nothing", () => {
    const r = mm(["mg", "cards", "--setup", shared("reference", "real-lhe", "setup.h5"), "--template", CARD("madminer-tutorial-param_card_template.dat"), "--sample-benchmark", "nope", "--out", join(dir, "none")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown sampling benchmark 'nope'; the setup has: sm, w, neg_w/);
  });

  it("run: fake MadGraph, weights checked; prepare: scripts", () => {
    const mg = fakeMadGraph();
    const common = ["--setup", shared("reference", "real-lhe", "setup.h5"), "--mg-dir", mg, "--proc-card", CARD("madminer-tutorial-proc_card_signal.dat"), "--template", CARD("madminer-tutorial-param_card_template.dat")];
    const env = { FAKE_LHE: shared("corpus", "madgraph", "wbf_h_aa_ewdim6", "run_01_sampled_sm", "unweighted_events.lhe.gz") };
    const r = mm(["mg", "run", ...common, "--sample-benchmark", "sm", "--process-dir", join(dir, "proc"), "--log-dir", join(dir, "logs"), "--json"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.runs[0]).toMatchObject({ sampleBenchmark: "sm", runName: "madminer_run_0", nEvents: 10000, weightsOk: true });
    // Sampling at w from an SM-sampled file: the weight 'sm' is missing, and the message says so.
    const bad = mm(["mg", "run", ...common, "--sample-benchmark", "w", "--process-dir", join(dir, "proc"), "--log-dir", join(dir, "logs")], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/reweighting failed: .* lacks the weights of benchmark\(s\) sm /);
    const p = mm(["mg", "prepare", ...common, "--process-dir", join(dir, "proc2"), "--log-dir", join(dir, "logs")]);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain("madminer/scripts/run_5.sh");
    expect(p.stdout).toContain("sbatch --export=ALL slurm.sh");
  });
});
