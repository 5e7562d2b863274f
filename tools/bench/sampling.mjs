// Sampling throughput on ../shared/reference/events.h5 (50,000 events, read
// through @mm/hdf5), as in python-baselines.json: sample_train_local at the
// SM benchmark with 500,000 samples (seed 0, no files), sample_train_ratio with
// 100,000 samples and sample_train_density over 100 random points; plus the
// peak resident memory, which is bounded by the samples requested (events are
// streamed in batches).
// Run after building: pnpm turbo run build --filter=@mm/sampling... && node tools/bench/sampling.mjs
// `--file PATH` samples from another events file of the shared-case structure
// instead (e.g. the 1M-event file tools/bench/fisher.mjs builds in
// $TMPDIR/mm-bench): comparing the peak RSS of the two runs shows that memory
// does not grow with the number of events in the file. With --file only the
// local sampling runs, and no ratio to Python is printed (the baselines are
// for reference/events.h5).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SampleAugmenter, openEventsFile, benchmark, morphingPoint, randomMorphingPoints } from "@mm/sampling";
import { timeCall } from "./_timing.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MM_SHARED ? resolve(process.env.MM_SHARED) : resolve(here, "..", "..", "..", "shared");
const baselines = JSON.parse(readFileSync(join(sharedDir, "reference", "python-baselines.json"), "utf8")).workloads;
const fileArg = process.argv.indexOf("--file");
const file = fileArg > 0 ? resolve(process.argv[fileArg + 1]) : join(sharedDir, "reference", "events.h5");

// Peak resident memory of the process from the OS (getrusage maxrss, kB): a
// timer cannot sample it while the synchronous sampling loop runs.
const peakRss = () => process.resourceUsage().maxRSS * 1024;

const time = (label, key, fn, reps = 5) => timeCall(label, fileArg > 0 ? undefined : baselines[key]?.median_seconds, fn, { reps, width: 46 });

const source = await openEventsFile(file);
console.log(`${file}: ${source.setup.nEvents.toLocaleString()} events; RSS before sampling ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
const sa = new SampleAugmenter(source);
const local = await time("sample_train_local sm, 500,000 samples", "sample_train_local_500k", () => sa.extractSamplesTrainLocal(benchmark("sm"), 500000, { seed: 0 }));
console.log(`  peak RSS after the local runs: ${(peakRss() / 1e6).toFixed(0)} MB (run with node --expose-gc for a collection between repetitions)`);
if (fileArg < 0) await time("sample_train_ratio [5,-3] vs sm, 100,000", "sample_train_ratio_100k", () => sa.extractSamplesTrainRatio(morphingPoint([5, -3]), benchmark("sm"), 100000, { seed: 0 }));
if (fileArg < 0) await time("sample_train_density 100 points, 100,000", "sample_train_density_100thetas_100k", () =>
  sa.extractSamplesTrainGlobal(randomMorphingPoints(100, [["gaussian", 0, 8], ["flat", -15, 15]]), 100000, { seed: 0 }), 1);
console.log(`local: effective number of events ${local.effectiveNSamples.toFixed(1)}; peak RSS ${(peakRss() / 1e6).toFixed(0)} MB; load average ${(await import("node:os")).loadavg()[0].toFixed(1)} on ${(await import("node:os")).cpus().length} cores (medians are noisy on a shared machine)`);
