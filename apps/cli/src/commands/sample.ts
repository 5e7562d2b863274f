// mm sample: unweighted training / test samples with joint ratios and scores (SampleAugmenter).
import { openEventsFile, SampleAugmenter, benchmark, benchmarks, morphingPoint, morphingPoints, randomMorphingPoints, type Prior, type Partition, type ThetaSpec, type SampleOptions } from "@mm/sampling";
import { InputError } from "@mm/util";
import { parse, parseVector, printJson, required, type Command } from "../command.js";
import { ProgressBar } from "../progress.js";
import { bold, yellow } from "../style.js";

const KINDS = ["local", "plain", "density", "ratio", "more-ratios", "test"] as const;

const HELP = `mm sample local|plain|density|ratio|more-ratios|test --file events.h5 --theta ... [--theta1 ...]
          -n N --out DIR --name NAME --seed S [--json]

Draws N unweighted events from the weighted events of a MadMiner file, with
the joint score t(x,z|theta) (local, density, ratio, more-ratios) and joint
likelihood ratio r(x,z|theta0,theta1) (ratio, more-ratios), and writes
MadMiner's .npy files: x_NAME.npy, theta_NAME.npy, t_xz_NAME.npy (local,
density); theta0_/theta1_/x_/y_/r_xz_/t_xz_ (ratio); t_xz0_/t_xz1_ (more-ratios).
As in Python, only events generated at the benchmark closest to the sampling
point are used (--all-events to use all), and the train partition (the test
partition for 'test'). With the same --seed the outputs equal Python's after
np.random.seed(S).

Parameter points (theta0 for ratio kinds):
  --theta X            a benchmark name or a point "0.5,-1.2" (repeat for several)
  --prior P            random points instead: one prior per parameter, e.g. gaussian:0:8,flat:-15:15
  --n-thetas K         number of random points (with --prior)
  --theta1 X           denominator point for ratio / more-ratios (benchmark name or point)
  --additional-theta X extra evaluation points for more-ratios (repeatable)

Options:
  -n N                 number of samples;  --seed S  (required);  --out DIR  --name NAME
  --partition P        train (default; test for 'test'), validation, test or all
  --test-split F       0.2;  --validation-split F  0.2;  --switch-train-test
  --all-events         sample from all events (sampling factors) instead of the closest benchmark's
  --n-eff-forced F     drop events carrying more than 1/F of the cross section
  --double-precision   float64 outputs
  --json               print {"kind", "n", "files": [...], "effectiveNSamples", "negativeWeightEvents", "warnings": [...]}`;

function parsePoint(text: string): string | number[] {
  const parts = text.split(",");
  if (parts.every((p) => p.trim() !== "" && Number.isFinite(Number(p)))) return parts.map(Number);
  return text;
}

function spec(values: string[] | undefined, prior: string | undefined, nThetas: string | undefined, option: string): ThetaSpec {
  if (prior) {
    const priors = prior.split(",").map((p) => {
      const [kind, a, b] = p.split(":");
      if ((kind !== "flat" && kind !== "gaussian") || !Number.isFinite(Number(a)) || !Number.isFinite(Number(b))) {
        throw new InputError(`--prior expects flat:LO:HI or gaussian:MEAN:STD per parameter, comma-separated; got '${p}'`);
      }
      return [kind, Number(a), Number(b)] as Prior;
    });
    const n = nThetas !== undefined ? Number(nThetas) : null;
    return randomMorphingPoints(n, priors);
  }
  if (!values || values.length === 0) throw new InputError(`--${option} (or --prior) is required. Run 'mm sample --help'.`);
  const pts = values.map(parsePoint);
  if (pts.length === 1) return typeof pts[0] === "string" ? benchmark(pts[0]) : morphingPoint(pts[0]);
  if (pts.every((p) => typeof p === "string")) return benchmarks(pts as string[]);
  if (pts.every((p) => typeof p !== "string")) return morphingPoints(pts as number[][]);
  throw new InputError(`--${option}: mix of benchmark names and points; give one kind`);
}

export const sampleCommand: Command = {
  name: "sample",
  summary: "unweighted training/test samples with joint scores and ratios (.npy)",
  help: HELP,
  async run(argv) {
    const { values: v, positionals } = parse("sample", argv, {
      file: { type: "string" },
      theta: { type: "string", multiple: true },
      theta1: { type: "string", multiple: true },
      prior: { type: "string" },
      "n-thetas": { type: "string" },
      "additional-theta": { type: "string", multiple: true },
      n: { type: "string", short: "n" },
      out: { type: "string" },
      name: { type: "string" },
      seed: { type: "string" },
      partition: { type: "string" },
      "test-split": { type: "string" },
      "validation-split": { type: "string" },
      "switch-train-test": { type: "boolean" },
      "all-events": { type: "boolean" },
      "n-eff-forced": { type: "string" },
      "double-precision": { type: "boolean" },
      json: { type: "boolean" },
    }) as { values: Record<string, any>; positionals: string[] };
    const kind = positionals[0] as (typeof KINDS)[number];
    if (!KINDS.includes(kind)) throw new InputError(`mm sample: give the kind first: ${KINDS.join(", ")}`);
    const file = required(v.file as string | undefined, "file", "sample");
    const n = Number(required(v.n as string | undefined, "n", "sample"));
    if (!Number.isInteger(n) || n < 1) throw new InputError(`-n must be a positive integer, got '${v.n}'`);
    const seed = Number(required(v.seed as string | undefined, "seed", "sample"));
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new InputError(`--seed must be an integer in [0, 2^32-1], got '${v.seed}'`);
    const out = required(v.out as string | undefined, "out", "sample");
    const name = required(v.name as string | undefined, "name", "sample");
    const sa = new SampleAugmenter(await openEventsFile(file));
    const progress = new ProgressBar(`sampling ${kind}`, { unit: "points" });
    const options: SampleOptions = {
      seed,
      folder: out,
      filename: name,
      partition: v.partition as Partition | undefined,
      testSplit: v["test-split"] !== undefined ? Number(v["test-split"]) : undefined,
      validationSplit: v["validation-split"] !== undefined ? Number(v["validation-split"]) : undefined,
      switchTrainTestEvents: v["switch-train-test"] === true,
      sampleOnlyFromClosestBenchmark: v["all-events"] !== true,
      nEffForced: v["n-eff-forced"] !== undefined ? Number(v["n-eff-forced"]) : null,
      doublePrecision: v["double-precision"] === true,
      onProgress: (d, t) => progress.update(d),
    };
    for (const k of Object.keys(options) as (keyof SampleOptions)[]) if (options[k] === undefined) delete options[k];
    const theta0 = spec(v.theta, v.prior, v["n-thetas"], "theta");
    let r: { files: string[]; effectiveNSamples: number; negativeWeightEvents: number; warnings: string[]; x: { shape: number[] } };
    switch (kind) {
      case "local":
        r = await sa.extractSamplesTrainLocal(theta0, n, options);
        break;
      case "density":
        r = await sa.extractSamplesTrainGlobal(theta0, n, options);
        break;
      case "plain":
        r = await sa.extractSamplesTrainPlain(theta0, n, options);
        break;
      case "test":
        r = await sa.extractSamplesTest(theta0, n, options);
        break;
      case "ratio":
        r = await sa.extractSamplesTrainRatio(theta0, spec(v.theta1, undefined, undefined, "theta1"), n, options);
        break;
      case "more-ratios":
        r = await sa.extractSamplesTrainMoreRatios(theta0, spec(v.theta1, undefined, undefined, "theta1"), n, {
          ...options,
          additionalThetas: ((v["additional-theta"] as string[] | undefined) ?? []).map((t) => spec([t], undefined, undefined, "additional-theta")),
        });
        break;
    }
    progress.done();
    if (v.json) {
      printJson({ kind, n: r.x.shape[0], files: r.files, effectiveNSamples: r.effectiveNSamples, negativeWeightEvents: r.negativeWeightEvents, warnings: r.warnings });
      return 0;
    }
    for (const w of r.warnings) process.stderr.write(`${yellow("warning")}: ${w}\n`);
    process.stdout.write(`${bold(`${r.x.shape[0]} samples`)} (${kind}); effective number of events ${r.effectiveNSamples.toFixed(1)}\n`);
    for (const f of r.files) process.stdout.write(`  ${f}\n`);
    return 0;
  },
};
