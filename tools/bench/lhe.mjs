// LHE reading throughput: the streaming parser alone and the full LHEReader
// analysis (13 observables + 2 cuts of ../shared/reference/real-lhe) on the two
// real MadGraph runs, and the parser on a 1,000,000-event file made by
// concatenating the events of run_01 (written to a temporary folder, deleted
// afterwards). Each workload runs in a fresh Node process so that its peak RSS
// is its own. Prints events/s, MB/s, peak RSS and the ratio to the Python
// LHEReader baseline (../shared/reference/python-baselines.json → lhe_parse).
// Run after building: pnpm turbo run build --filter=@mm/delphes... && node tools/bench/lhe.mjs
// Options (environment): MM_BENCH_LHE_EVENTS (default 1000000) for the big file.
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { pipeline } from "node:stream/promises";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const RUN = (r) =>
  join(sharedDir, "corpus", "madgraph", "wbf_h_aa_ewdim6", r === 1 ? "run_01_sampled_sm" : "run_02_sampled_morphing_basis_vector_5", "unweighted_events.lhe.gz");
const SETUP = join(sharedDir, "reference", "real-lhe", "setup.h5");
const OBSERVABLES = [
  ["pt_j1", "j[0].pt"], ["pt_j2", "j[1].pt"], ["eta_j1", "j[0].eta"], ["phi_j1", "j[0].phi"],
  ["delta_eta_jj", "j[0].eta - j[1].eta"], ["delta_phi_jj", "j[0].deltaphi(j[1]) * (-1. + 2.*float(j[0].eta > j[1].eta))"],
  ["m_jj", "(j[0] + j[1]).m"], ["pt_aa", "(a[0] + a[1]).pt"], ["m_aa", "(a[0] + a[1]).m"], ["pt_a1", "a[0].pt"],
  ["n_jets", "len(j)"], ["met", "met.pt"],
];

// ---- child: run one workload and print JSON --------------------------------------------
async function child(kind, files) {
  const { readLHE, LHEReader } = await import("@mm/delphes");
  let t0 = process.hrtime.bigint();
  let c0 = process.cpuUsage();
  let events = 0;
  if (kind === "parse") {
    for (const f of files) events += (await readLHE(f, { onEvent: () => {} })).nEvents;
  } else {
    const r = await LHEReader.fromFile(SETUP);
    files.forEach((f, i) => r.addSample(f, i === 0 ? "sm" : "morphing_basis_vector_5"));
    for (const [n, d] of OBSERVABLES) r.addObservable(n, d, { required: true });
    r.addObservable("pt_j3", "j[2].pt", { required: false, default: 0 });
    r.addCut("m_aa > 122.");
    r.addCut("m_aa < 128.");
    // As the Python baseline: only analyse_samples() is timed (not imports or reading the setup).
    t0 = process.hrtime.bigint();
    c0 = process.cpuUsage();
    const reps = await r.analyseSamples({ onWarning: () => {} });
    events = reps.reduce((a, x) => a + x.eventsRead, 0);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cu = process.cpuUsage(c0);
  const cpuSeconds = (cu.user + cu.system) / 1e6;
  process.stdout.write(JSON.stringify({ events, seconds, cpuSeconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

// ---- parent --------------------------------------------------------------------------
function run(kind, files, label, bytes) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", kind, ...files], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${label} failed:\n${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split("\n").pop());
  const mb = bytes / 1e6;
  console.log(
    `${label.padEnd(58)} ${String(res.events).padStart(8)} ev  ${res.seconds.toFixed(2).padStart(7)} s  ${Math.round(res.events / res.seconds).toLocaleString("en").padStart(10)} ev/s  ${(mb / res.seconds).toFixed(1).padStart(7)} MB/s  (CPU ${res.cpuSeconds.toFixed(2)} s: ${Math.round(res.events / res.cpuSeconds).toLocaleString("en")} ev/s)  peak RSS ${res.maxRssMB.toFixed(0)} MB`,
  );
  return res;
}

async function gunzipTo(src, dst) {
  await pipeline(createReadStream(src), createGunzip(), createWriteStream(dst));
}

/** header of run_01 + its 10,000 events repeated until n events + closing tag. */
async function makeBig(plain01, dst, n) {
  const text = readFileSync(plain01, "latin1");
  const first = text.indexOf("<event>");
  const end = text.lastIndexOf("</LesHouchesEvents>");
  const header = text.slice(0, first);
  const body = text.slice(first, end);
  const per = (body.match(/<event>/g) ?? []).length;
  const out = createWriteStream(dst);
  const write = (s) => new Promise((ok) => (out.write(s, "latin1") ? ok() : out.once("drain", ok)));
  await write(header);
  let written = 0;
  while (written + per <= n) {
    await write(body);
    written += per;
  }
  if (written < n) {
    // Partial block: the first (n - written) events.
    let pos = 0;
    for (let k = 0; k < n - written; k++) pos = body.indexOf("</event>", pos) + 9;
    await write(body.slice(0, pos));
    written = n;
  }
  await write("</LesHouchesEvents>\n");
  await new Promise((ok) => out.end(ok));
  return written;
}

async function main() {
  if (!existsSync(RUN(1))) {
    console.log(`skipped: ${RUN(1)} not found (needs ../shared)`);
    return;
  }
  const baseline = (() => {
    try {
      return JSON.parse(readFileSync(join(sharedDir, "reference", "python-baselines.json"), "utf8")).workloads.lhe_parse;
    } catch {
      return null;
    }
  })();
  const pyEventsPerSecond = baseline?.events_per_second ?? 78.9;
  const pyCpu = baseline?.modes?.xml20k?.runs_cpu_seconds;
  const pyCpuEventsPerSecond = Array.isArray(pyCpu) && pyCpu.length ? 20000 / [...pyCpu].sort((a, b) => a - b)[Math.floor(pyCpu.length / 2)] : null;
  const tmp = mkdtempSync(join(tmpdir(), "mm-bench-lhe-"));
  try {
    const gz = [RUN(1), RUN(2)];
    const gzBytes = gz.reduce((a, f) => a + statSync(f).size, 0);
    const plain = [join(tmp, "run_01.lhe"), join(tmp, "run_02.lhe")];
    await gunzipTo(gz[0], plain[0]);
    await gunzipTo(gz[1], plain[1]);
    const plainBytes = plain.reduce((a, f) => a + statSync(f).size, 0);
    console.log(`real runs: 2 × 10,000 events, ${(gzBytes / 1e6).toFixed(1)} MB gzipped, ${(plainBytes / 1e6).toFixed(1)} MB plain (MB/s below: of the file as read)`);
    run("parse", gz, "parse only, .lhe.gz (2 real runs)", gzBytes);
    run("parse", plain, "parse only, plain .lhe (2 real runs)", plainBytes);
    const a1 = run("analyse", gz, "LHEReader 13 observables + 2 cuts, .lhe.gz", gzBytes);
    const a2 = run("analyse", plain, "LHEReader 13 observables + 2 cuts, plain .lhe", plainBytes);
    console.log(`Python LHEReader (python-baselines.json lhe_parse, plain .lhe): ${pyEventsPerSecond} events/s`);
    console.log(`ratio @mm / Python (analysis, wall-clock events/s): ${(a2.events / a2.seconds / pyEventsPerSecond).toFixed(0)}× on plain .lhe, ${(a1.events / a1.seconds / pyEventsPerSecond).toFixed(0)}× on .lhe.gz (Python read plain .lhe only)`);
    if (pyCpuEventsPerSecond) console.log(`per CPU second: Python ${pyCpuEventsPerSecond.toFixed(1)} events/s (median CPU time of its runs) → @mm ${(a2.events / a2.cpuSeconds / pyCpuEventsPerSecond).toFixed(0)}× on plain .lhe, ${(a1.events / a1.cpuSeconds / pyCpuEventsPerSecond).toFixed(0)}× on .lhe.gz`);
    console.log(`(parse-only timings include module loading; analysis timings are analyseSamples() alone, as Python's analyse_samples(). CPU-time rates are for contended machines)`);

    const n = Number(process.env.MM_BENCH_LHE_EVENTS ?? 1_000_000);
    const big = join(tmp, "big.lhe");
    const t0 = Date.now();
    const written = await makeBig(plain[0], big, n);
    const bigBytes = statSync(big).size;
    console.log(`\nbig file: ${written.toLocaleString("en")} events (run_01 repeated), ${(bigBytes / 1e6).toFixed(0)} MB plain, written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const small = join(tmp, "small.lhe");
    await makeBig(plain[0], small, Math.max(10_000, Math.floor(n / 10)));
    const smallBytes = statSync(small).size;
    const p1 = run("parse", [small], `parse only, ${Math.max(10_000, Math.floor(n / 10)).toLocaleString("en")} events`, smallBytes);
    const p2 = run("parse", [big], `parse only, ${written.toLocaleString("en")} events`, bigBytes);
    console.log(`peak RSS of the parser: ${p1.maxRssMB.toFixed(0)} MB → ${p2.maxRssMB.toFixed(0)} MB for 10× the events (flat: one event in memory at a time)`);
    const a3 = run("analyse", [big], `LHEReader 13 observables + 2 cuts, ${written.toLocaleString("en")} events`, bigBytes);
    console.log(`analysis keeps every passing event (13 + 6 float64 per event = 152 B): ${(a3.maxRssMB).toFixed(0)} MB peak; ratio to Python ${(a3.events / a3.seconds / pyEventsPerSecond).toFixed(0)}× (wall clock)${pyCpuEventsPerSecond ? `, ${(a3.events / a3.cpuSeconds / pyCpuEventsPerSecond).toFixed(0)}× per CPU second` : ""}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv.slice(4));
else await main();
