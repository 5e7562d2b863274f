// mm xsec / mm sample / mm fisher end to end (spawns the built CLI: build with
// `pnpm turbo run build --filter=@mm/cli...` first). Also checks that the
// events file @mm's own LHE reader writes from the two real MadGraph runs gives
// the cross sections and Fisher information Python MadMiner computed from its
// own LHEReader output (reference/real-lhe/expected.json → events), to 1e-9.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, noShared, shared } from "../../../tools/test-support/shared.js";

const MAIN = resolve(REPO_ROOT, "apps/cli/dist/main.js");
const dir = mkdtempSync(join(tmpdir(), "mm-cli-fisher-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mm(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function mmJson(args: string[]) {
  const r = mm([...args, "--json"]);
  if (r.code !== 0) throw new Error(`mm ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
/** relative 1e-9 with an absolute floor of 1e-12 × the largest entry (reference/README.md). */
function relErr(a: unknown, b: unknown): number {
  const A = flat(a);
  const B = flat(b);
  if (A.length !== B.length) return Infinity;
  const s = Math.max(...B.map(Math.abs));
  return Math.max(...B.map((v, i) => Math.abs(A[i] - v) / Math.max(Math.abs(v), 1e-12 * s)));
}

describe.skipIf(noShared())("mm xsec / sample / fisher on reference/events.h5", () => {
  const file = () => shared("reference", "events.h5");
  const ex = () => JSON.parse(readFileSync(shared("reference", "expected.json"), "utf8"));

  it("mm xsec --json at the 10 reference thetas and on the train partition", () => {
    const thetas = ex().morphing.thetas as number[][];
    const args = ["xsec", "--file", file(), ...thetas.map((t) => `--theta=${t.join(",")}`)];
    const all = mmJson(args);
    expect(all.thetas).toEqual(thetas);
    expect(relErr(all.xsecs, ex().xsecs.morphing_thetas_partition_all.xsecs_pb)).toBeLessThan(1e-9);
    expect(relErr(all.uncertainties, ex().xsecs.morphing_thetas_partition_all.uncertainties_pb)).toBeLessThan(1e-9);
    const train = mmJson([...args, "--partition", "train"]);
    expect(relErr(train.xsecs, ex().xsecs.morphing_thetas_partition_train.xsecs_pb)).toBeLessThan(1e-9);
  });

  it("mm fisher truth / hist1d / histogram / profile / project --json", () => {
    const p = ex().fisher.points[0];
    const t = mmJson(["fisher", "truth", "--file", file(), "--theta", "0,0", "--luminosity", "300000"]);
    expect(relErr(t.information, p.truth_information.information)).toBeLessThan(1e-9);
    expect(relErr(t.covariance, p.truth_information.covariance)).toBeLessThan(1e-9);
    const c = p.truth_information_with_cuts_and_efficiencies;
    const tc = mmJson(["fisher", "truth", "--file", file(), "--theta", "0,0", ...c.cuts.flatMap((x: string) => ["--cut", x]), ...c.efficiency_functions.flatMap((x: string) => ["--efficiency", x])]);
    expect(relErr(tc.information, c.information)).toBeLessThan(1e-9);
    const h = mmJson(["fisher", "hist1d", "--file", file(), "--theta", "0,0", "--observable", "pt_j1", "--bins", "8", "--range", "30,350"]);
    expect(relErr(h.information, p.histo_information_fixed_bins.information)).toBeLessThan(1e-9);
    const d = mmJson(["fisher", "hist1d", "--file", file(), "--theta", "0,0", "--observable", "delta_phi_jj", "--bins", "5"]);
    expect(relErr(d.binBoundaries, p.histo_information_dynamic_bins.bin_boundaries)).toBeLessThan(1e-9);
    const a2 = p.histo_information_2d.args;
    const h2 = mmJson(["fisher", "hist2d", "--file", file(), "--theta", "0,0", "--observable", a2.observable1, "--bins", String(a2.bins1), `--range=${a2.histrange1.join(",")}`, "--observable2", a2.observable2, "--bins2", a2.bins2.join(","), `--range2=${a2.histrange2.join(",")}`]);
    expect(relErr(h2.information, p.histo_information_2d.information)).toBeLessThan(1e-9);
    const hh = mmJson(["fisher", "histogram", "--file", file(), "--theta", "0,0", "--observable", "pt_j1", "--bins", "10", "--range", "20,420"]);
    expect(relErr(hh.fullInformation, p.histogram_of_information.fisher_infos_full)).toBeLessThan(1e-9);
    const m = ex().information_manipulation;
    const mf = join(dir, "matrix.json");
    writeFileSync(mf, JSON.stringify({ information: m.fisher_information }));
    expect(relErr(mmJson(["fisher", "profile", "--matrix", mf, "--keep", "0,2"]).information, m["profile_information_remaining=[0, 2]"])).toBeLessThan(1e-9);
    expect(relErr(mmJson(["fisher", "project", "--matrix", mf, "--keep", "2,0"]).information, m["project_information_remaining=[2, 0]"])).toBeLessThan(1e-9);
    // The output of mm fisher --json names the parameters; profiling it keeps the names.
    expect(t.parameters).toEqual(["CWL2", "CPWL2"]);
    const tf = join(dir, "truth.json");
    writeFileSync(tf, JSON.stringify(t));
    const prof = mmJson(["fisher", "profile", "--matrix", tf, "--keep", "1"]);
    expect(prof.parameters).toEqual(["CPWL2"]);
    const I = t.information as number[][];
    expect(Math.abs(prof.information[0][0] - (I[1][1] - (I[0][1] * I[1][0]) / I[0][0]))).toBeLessThan(1e-9 * I[1][1]); // Schur complement
    expect(mm(["fisher", "profile", "--matrix", tf, "--keep", "1"]).stdout).toMatch(/kept CPWL2\)\n\s+CPWL2\n/);
  });

  it("mm sample local / ratio reproduce the seeded Python files", () => {
    const out = join(dir, "samples");
    const l = mmJson(["sample", "local", "--file", file(), "--theta", "sm", "-n", "50", "--out", out, "--name", "local_seed42", "--seed", "42"]);
    expect(l.n).toBe(50);
    for (const f of ["x_local_seed42.npy", "t_xz_local_seed42.npy"]) {
      expect(readFileSync(join(out, f)).equals(readFileSync(shared("reference", "samples_exact", f))), f).toBe(true);
    }
    mmJson(["sample", "ratio", "--file", file(), "--theta", "5,-3", "--theta1", "sm", "-n", "40", "--out", out, "--name", "ratio_seed43", "--seed", "43"]);
    for (const f of ["x_ratio_seed43.npy", "y_ratio_seed43.npy"]) {
      expect(readFileSync(join(out, f)).equals(readFileSync(shared("reference", "samples_exact", f))), f).toBe(true);
    }
    const bad = mm(["sample", "local", "--file", file(), "--theta", "nope", "-n", "5", "--out", out, "--name", "x", "--seed", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown benchmark 'nope'/);
  });
});

describe.skipIf(noShared() || !existsSync(shared("reference", "real-lhe", "expected.json")))("@mm's own LHE reader output gives Python's numbers", () => {
  const events = join(dir, "ours.h5");
  beforeAll(() => {
    const r = mm(["lhe", "--setup", shared("reference", "real-lhe", "setup.h5"), "--config", resolve(REPO_ROOT, "examples/wbf_h_aa/analysis.yaml"), "-o", events, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it("cross sections, truth / rate / histogram information to 1e-9", () => {
    const e = JSON.parse(readFileSync(shared("reference", "real-lhe", "expected.json"), "utf8")).events;
    const x = mmJson(["xsec", "--file", events]);
    expect(relErr(x.xsecs, e.xsecs_benchmarks_all_events.xsecs_pb)).toBeLessThan(1e-9);
    expect(relErr(x.uncertainties, e.xsecs_benchmarks_all_events.uncertainties_pb)).toBeLessThan(1e-9);
    const f = e.fisher;
    for (const [kind, key, extra] of [
      ["truth", "truth_information", []],
      ["rate", "rate_information", []],
      ["hist1d", "histo_information_pt_j1_fixed_bins", ["--observable", "pt_j1", "--bins", "10", "--range", "20,520"]],
      ["hist1d", "histo_information_pt_j1_explicit_bins", ["--observable", "pt_j1", "--bins", "20,40,60,80,100,150,200,300,500"]],
    ] as [string, string, string[]][]) {
      const r = mmJson(["fisher", kind, "--file", events, "--theta", "0,0", ...extra]);
      expect(relErr(r.information, f[key].information), key).toBeLessThan(1e-9);
      expect(relErr(r.covariance, f[key].covariance), key).toBeLessThan(1e-9);
    }
  });
});
