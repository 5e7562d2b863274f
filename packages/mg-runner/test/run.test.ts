// run / runMultiple against a fake MadGraph that records what it is asked to do
// and writes the real MadGraph 3.5.7 LHE file of ../shared/corpus/madgraph as output.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LHEReader } from "@mm/delphes";
import { readSetup, type MadMinerSetup } from "@mm/hdf5";
import { ToolError } from "@mm/util";
import { run, runMultiple, checkMadGraph } from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";
import { makeFakeMadGraph, removeFakeMadGraphs } from "./fake-mg.js";

afterAll(removeFakeMadGraphs);

const WBF = (...p: string[]) => shared("corpus", "madgraph", "wbf_h_aa_ewdim6", ...p);
const CARD = (n: string) => shared("corpus", "cards", n);
const LHE = WBF("run_01_sampled_sm", "unweighted_events.lhe.gz");

function options(mg: ReturnType<typeof makeFakeMadGraph>, extra: Record<string, unknown> = {}) {
  return {
    mgDirectory: mg.mgDirectory,
    procCardFile: CARD("madminer-tutorial-proc_card_signal.dat"),
    paramCardTemplateFile: CARD("madminer-tutorial-param_card_template.dat"),
    runCardFile: CARD("madminer-tutorial-run_card_signal_small.dat"),
    mgProcessDirectory: join(mg.root, "proc"),
    logDirectory: join(mg.root, "logs"),
    tempDirectory: join(mg.root, "tmp"),
    sampleBenchmark: "sm",
    ...extra,
  };
}

describe.skipIf(noShared())("run with a fake MadGraph", () => {
  let setup: MadMinerSetup;
  const load = async () => (setup ??= await readSetup(shared("reference", "real-lhe", "setup.h5")));

  it("generates the process, writes the cards, answers the card prompt, checks the weights; the LHE reader gets the benchmark cross sections", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("prompt");
    const result = await run(setup, options(mg, { nevents: 10000, iseed: 1234 }));
    expect(result.madgraph?.version).toBe("3.5.7");
    const proc = join(mg.root, "proc");

    // Two MadGraph calls: process generation, then the launch.
    const calls = readFileSync(join(mg.calls, "calls.txt"), "utf8").trim().split("\n");
    expect(calls.length).toBe(2);
    const generate = readFileSync(join(mg.calls, "cmd_0.mg5"), "utf8");
    expect(generate).toBe("set automatic_html_opening False\n" + readFileSync(CARD("madminer-tutorial-proc_card_signal.dat"), "utf8") + `\n\noutput ${proc}\n`);
    const launch = readFileSync(join(mg.calls, "cmd_1.mg5"), "utf8");
    expect(launch).toBe(`set automatic_html_opening False\nlaunch ${proc} -n madminer_run_0\nshower=OFF\ndetector=OFF\nanalysis=OFF\nmadspin=OFF\nreweight=ON\ndone\ndone\n`);

    // The cards MadGraph sees are the ones written for this run.
    for (const [card, copy] of [["param_card_0", "param_card"], ["reweight_card_0", "reweight_card"], ["run_card_0", "run_card"]]) {
      expect(readFileSync(join(proc, "Cards", `${copy}.dat`), "utf8")).toBe(readFileSync(join(proc, "madminer", "cards", `${card}.dat`), "utf8"));
    }
    const runCard = readFileSync(join(proc, "Cards", "run_card.dat"), "utf8");
    expect(runCard).toMatch(/\n {2}10000 {3}= nevents/);
    expect(runCard).toMatch(/\n {6}1234 {3}= iseed/);
    // The prompt was answered from stdin and the log kept.
    expect(readFileSync(join(mg.root, "logs", "run_0.log"), "utf8")).toContain("answer: done");

    const r = result.runs[0];
    expect(r.check?.ok).toBe(true);
    expect(r.check?.nEvents).toBe(10000);
    expect(r.lheFile).toBe(join(proc, "Events", "madminer_run_0", "unweighted_events.lhe.gz"));

    // Hand the produced file to the LHE reader: per-benchmark cross sections equal benchmarks.json
    // (sums of the same 8-digit weights; 1e-9 relative allows for summation order).
    const reader = new LHEReader(setup);
    reader.addSample(r.lheFile!, "sm");
    reader.addObservable("n_photons", "len(a)");
    const [report] = await reader.analyseSamples({ onWarning: () => {} });
    const json = JSON.parse(readFileSync(WBF("run_01_sampled_sm", "benchmarks.json"), "utf8"));
    setup.benchmarks.forEach((b, k) => {
      const want = json.benchmarks[b.name].xsec_pb_from_sum_of_weights as number;
      expect(Math.abs(report.crossSections[k] - want)).toBeLessThanOrEqual(1e-9 * want);
    });
  });

  it("a proc card with its own output and launch lines: both are commented out with a warning, the temporary command file is removed", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env();
    const card = join(mg.root, "proc_card_with_output.dat");
    const original = readFileSync(CARD("madminer-tutorial-proc_card_signal.dat"), "utf8");
    writeFileSync(card, `${original.trimEnd()}\noutput /somewhere/else -f\n  launch\nshower=OFF\nset nevents 1000\ndone\n# output_format is left alone\n`);
    const warnings: string[] = [];
    const result = await run(setup, options(mg, { procCardFile: card, onEvent: (e: { kind: string; message?: string }) => e.kind === "warning" && warnings.push(e.message!) }));
    expect(result.runs[0].check?.ok).toBe(true);
    const generate = readFileSync(join(mg.calls, "cmd_0.mg5"), "utf8");
    expect(generate.match(/^output .*$/gm)).toEqual([`output ${join(mg.root, "proc")}`]);
    expect(generate).toContain("# (removed by MadMiner: the process directory and the runs are its own) output /somewhere/else -f");
    expect(generate).not.toMatch(/^\s*(launch|shower=|set nevents|done)/m); // the launch block's answers go with it
    expect(generate).toContain("# (removed by MadMiner: the process directory and the runs are its own) set nevents 1000");
    expect(generate).toContain("\n# output_format is left alone\n");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/proc_card_with_output\.dat:\d+: 'output \/somewhere\/else -f' is ignored: the process goes to .*proc/);
    expect(readdirSync(join(mg.root, "tmp")).filter((f) => f.startsWith("mm_generate_"))).toEqual([]);
  });

  it("a hang at a prompt becomes a clear error with the log path", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("hang");
    const p = run(setup, options(mg, { inactivityTimeout: 1 }));
    await expect(p).rejects.toThrow(ToolError);
    await expect(p).rejects.toThrow(/waiting for input at a prompt \("Do you want to edit a card/);
    await expect(p).rejects.toThrow(/Log: .*run_0\.log/);
  });

  it("a run that keeps printing but never ends is stopped by the overall timeout, with the log path", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("slow");
    const t0 = Date.now();
    const p = run(setup, options(mg, { timeout: 1.5 }));
    await expect(p).rejects.toThrow(ToolError);
    await expect(p).rejects.toThrow(/did not finish within 1\.5 s\. Log: .*run_0\.log/);
    // The output kept coming (no inactivity), so only the timeout can have stopped it, and promptly.
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(readFileSync(join(mg.root, "logs", "run_0.log"), "utf8")).toContain("still working");
  });

  it("a prompt asked in a loop is stopped with a clear error", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("loop");
    await expect(run(setup, options(mg))).rejects.toThrow(/keeps repeating "Do you want to edit a card .*": it is asking a question/);
  });

  it("a dropped reweighting fails right after the run, naming the missing weights", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("norwgt", { FAKE_MG_DROP: "neg_ww" });
    await expect(run(setup, options(mg))).rejects.toThrow(/reweighting failed: .* lacks the weights of benchmark\(s\) neg_ww \(missing in 10000 of 10000 events\)/);
  });

  it("a failing MadGraph is a ToolError with the exit code and last log lines", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("fail");
    await expect(run(setup, options(mg))).rejects.toThrow(/failed \(exit code 3\)[\s\S]*interrupted with error/);
  });

  it("unsupported MadGraph versions get a clear message", () => {
    const old = makeFakeMadGraph(LHE, "2.6.7");
    expect(() => checkMadGraph(old.mgDirectory)).toThrow(/MadGraph 2\.6\.7 .* is not supported/);
    expect(() => checkMadGraph(join(old.root, "nowhere"))).toThrow(/bin\/mg5_aMC does not exist/);
  });

  it("background runs skip the reweighting", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("ok");
    const result = await run(setup, options(mg, { isBackground: true }));
    expect(result.runs[0].check).toBeNull();
    expect(readFileSync(join(mg.calls, "cmd_1.mg5"), "utf8")).toContain("reweight=OFF");
    expect(existsSync(join(mg.root, "proc", "madminer", "cards", "reweight_card_0.dat"))).toBe(false);
  });

  it("runMultiple: every run card x sampling benchmark, iseed + i, Pythia8 card, UFO model copied, existing process folder reused", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("ok", { FAKE_LHE_madminer_run_1: WBF("run_02_sampled_morphing_basis_vector_5", "unweighted_events.lhe.gz"), FAKE_LHE_madminer_run_3: WBF("run_02_sampled_morphing_basis_vector_5", "unweighted_events.lhe.gz") });
    const ufo = join(mg.root, "EWdim6_test");
    cpSync(CARD("madminer-EWdim6-restrict_default.dat"), join(ufo, "restrict_default.dat"), { recursive: true });
    const events: string[] = [];
    const o = {
      ...options(mg),
      runCardFiles: [CARD("madminer-tutorial-run_card_signal_small.dat"), CARD("wh-madminer-run_card_wh_parton.dat")],
      sampleBenchmarks: ["sm", "morphing_basis_vector_5"],
      pythia8CardFile: CARD("madminer-tutorial-pythia8_card.dat"),
      ufoModelDirectory: ufo,
      iseed: 100,
      nevents: 500,
      onEvent: (e: { kind: string }) => events.push(e.kind),
    };
    const result = await runMultiple(setup, o);
    expect(result.runs.map((r) => [r.index, r.sampleBenchmark, r.runName, r.check?.ok])).toEqual([
      [0, "sm", "madminer_run_0", true],
      [1, "morphing_basis_vector_5", "madminer_run_1", true],
      [2, "sm", "madminer_run_2", true],
      [3, "morphing_basis_vector_5", "madminer_run_3", true],
    ]);
    const proc = join(mg.root, "proc");
    for (let i = 0; i < 4; i++) {
      const runCard = readFileSync(join(proc, "madminer", "cards", `run_card_${i}.dat`), "utf8");
      expect(runCard).toMatch(new RegExp(`\\n\\s*${100 + i}\\s+= iseed`));
      expect(runCard).toMatch(/\n\s*500\s+= nevents/);
      expect(readFileSync(join(mg.calls, `cmd_${i + 1}.mg5`), "utf8")).toContain("shower=Pythia8");
    }
    expect(readFileSync(join(proc, "Cards", "pythia8_card.dat"), "utf8")).toBe(readFileSync(CARD("madminer-tutorial-pythia8_card.dat"), "utf8"));
    expect(existsSync(join(mg.mgDirectory, "models", "EWdim6_test", "restrict_default.dat"))).toBe(true);
    expect(events.filter((k) => k === "run-done").length).toBe(4);
    // A second call reuses the process folder and picks free run names.
    const again = await run(setup, { ...options(mg), sampleBenchmark: "sm" });
    expect(again.runs[0].runName).toBe("madminer_run_0_2");
    expect(readFileSync(join(mg.calls, "calls.txt"), "utf8").trim().split("\n").length).toBe(6);
  });

  it("onlyPrepareScript writes relocatable scripts that run (master, job.sh) and check the weights", async () => {
    await load();
    const mg = makeFakeMadGraph(LHE);
    mg.env("ok", { FAKE_LHE_madminer_run_1: WBF("run_02_sampled_morphing_basis_vector_5", "unweighted_events.lhe.gz") });
    const samples = ["sm", "morphing_basis_vector_5"];
    const result = await runMultiple(setup, { ...options(mg), runCardFiles: [CARD("madminer-tutorial-run_card_signal_small.dat")], sampleBenchmarks: samples, onlyPrepareScript: true });
    expect(result.runs.map((r) => r.sampleBenchmark)).toEqual(samples);
    const proc = join(mg.root, "proc");
    const files = ["run.sh", "job.sh", "slurm.sh", "condor.sub", "scripts/run_0.sh", "scripts/run_1.sh", "cards/mg_commands_0.dat"];
    for (const f of files) {
      const text = readFileSync(join(proc, "madminer", f), "utf8");
      expect(text, f).not.toContain(mg.root); // no absolute path of this machine
    }
    expect(readFileSync(join(proc, "madminer", "slurm.sh"), "utf8")).toContain("#SBATCH --array=0-1");
    expect(readFileSync(join(proc, "madminer", "condor.sub"), "utf8")).toContain("queue 2");
    // Only the process generation ran.
    expect(readFileSync(join(mg.calls, "calls.txt"), "utf8").trim().split("\n").length).toBe(1);

    // Move the process folder: the master script still works from its new place.
    const moved = join(mg.root, "moved_proc");
    renameSync(proc, moved);
    const env = { ...process.env, MG_DIR: mg.mgDirectory };
    const master = spawnSync("bash", [join(moved, "madminer", "run.sh")], { env, encoding: "utf8" });
    expect(master.stderr).toBe("");
    expect(master.status).toBe(0);
    expect(readdirSync(join(moved, "Events")).sort()).toEqual(["madminer_run_0", "madminer_run_1"]);
    expect(readFileSync(join(mg.calls, "cmd_1.mg5"), "utf8")).toContain(`launch ${moved} -n madminer_run_0`);

    // A batch task runs in a private copy and brings its Events folder back.
    const batch = join(mg.root, "batch_proc");
    cpSync(moved, batch, { recursive: true });
    const job = spawnSync("bash", ["job.sh", mg.mgDirectory, "1"], { cwd: join(batch, "madminer"), env, encoding: "utf8" });
    expect(job.status, job.stderr).toBe(0);
    expect(existsSync(join(batch, "Events", "madminer_run_1", "unweighted_events.lhe.gz"))).toBe(true);

    // The scripts' own reweighting check fails loudly.
    const bad = spawnSync("bash", [join(moved, "madminer", "scripts", "run_1.sh"), mg.mgDirectory, moved, join(mg.root, "logs2")], {
      env: { ...env, FAKE_MG_MODE: "norwgt", FAKE_MG_DROP: "ww" },
      encoding: "utf8",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/reweighting failed: .* lacks the weights of benchmark\(s\): ww/);
  });
});
