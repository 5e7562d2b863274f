// mm fisher: Fisher information (truth, rate, histograms) with covariances, and profiling / projection.
import { readFileSync } from "node:fs";
import { FisherInformation, profileInformation, projectInformation } from "@mm/fisher";
import { informationFromModel } from "@mm/ml";
import { openEventsFile } from "@mm/sampling";
import { InputError } from "@mm/util";
import { parse, parseVector, printJson, required, type Command } from "../command.js";
import { bold, table } from "../style.js";

const KINDS = ["truth", "rate", "hist1d", "hist2d", "histogram", "detector", "profile", "project"] as const;

const HELP = `mm fisher truth|rate|hist1d|hist2d|histogram --file events.h5 --theta 0,0 [--luminosity 300000]
          [--observable EXPR --bins N|B1,B2,... --range LO,HI] [--cut EXPR ...] [--efficiency EXPR ...] [--json]
mm fisher detector --file events.h5 --model PATH --theta 0,0 [--luminosity 300000]
          [--test-split 0.2] [--vote-expectation-weight W] [--json]
mm fisher profile|project --matrix FILE.json --keep 0,1 [--json]

Expected Fisher information at theta for a luminosity in pb^-1, as Python
MadMiner's FisherInformation computes it (all events with sampling factors),
with its 4-index covariance from the statistical uncertainty of the weights:
  truth      full truth-level information
  rate       information in the total rate only
  hist1d     information in a histogram of --observable: --bins N with --range LO,HI
             (plus under/overflow bins), --bins N without a range (N bins of equal
             cross section at theta), or --bins B1,B2,... (explicit inner boundaries)
  hist2d     2D histogram: --observable/--bins/--range and --observable2/--bins2/--range2
  histogram  rate and truth information in slices of --observable (--bins N --range LO,HI)
  detector   detector-level information from a trained score estimator (SALLY):
             I = I_rate + L sigma E[t t^T] over the test partition (--test-split, default
             0.2 as in Python; 0 uses all events). --model is a model prefix written by
             mm train (or by the Python MadMiner) or an ensemble folder; for an ensemble
             the members' matrices are combined by the expectation-weighted vote
             (--vote-expectation-weight; needs the expected scores that
             mm ensemble train --expectation-x saves) and their spread is the covariance;
             a single model has no covariance (JSON: "covariance": null)
  profile    Schur complement keeping --keep; project: rows/columns --keep only
             (FILE.json: {"information": [[...]], "covariance": [[[[...]]]]} or a bare matrix)
Observables, cuts and efficiencies are Python expressions over the observable names
(e.g. --cut "pt_j1 > 50" --efficiency "min(1, 0.5 + met / 100)").
JSON: {"information": [[...]], "covariance": [[[[...]]]]}; histogram adds
{"binBoundaries", "sigmaBins", "rateInformation", "fullInformation"} (per slice).
Negative values work as written: --theta -3.5,2 --range -3.2,3.2.`;

function bins(text: string | undefined, option: string): number | number[] | undefined {
  if (text === undefined) return undefined;
  const v = parseVector(text, option);
  if (v.length === 1) {
    if (!Number.isInteger(v[0]) || v[0] < 1) throw new InputError(`--${option} N needs a positive integer (or several boundaries), got '${text}'`);
    return v[0];
  }
  return v;
}

function range(text: string | undefined, option: string): [number, number] | null {
  if (text === undefined) return null;
  const v = parseVector(text, option);
  if (v.length !== 2 || !(v[1] > v[0])) throw new InputError(`--${option} expects LO,HI with LO < HI, got '${text}'`);
  return [v[0], v[1]];
}

function printMatrix(title: string, info: number[][], names?: string[]) {
  process.stdout.write(`${bold(title)}\n`);
  const labels = names ?? info.map((_, i) => String(i));
  process.stdout.write(table(info.map((row, i) => [labels[i], ...row.map((x) => x.toPrecision(6))]), ["", ...labels]) + "\n");
}

export const fisherCommand: Command = {
  name: "fisher",
  summary: "Fisher information (truth, rate, histograms, detector level from a SALLY model) with covariances; profile / project",
  help: HELP,
  async run(argv) {
    const { values: v, positionals } = parse("fisher", argv, {
      file: { type: "string" },
      theta: { type: "string" },
      luminosity: { type: "string" },
      observable: { type: "string" },
      bins: { type: "string" },
      range: { type: "string" },
      observable2: { type: "string" },
      bins2: { type: "string" },
      range2: { type: "string" },
      cut: { type: "string", multiple: true },
      efficiency: { type: "string", multiple: true },
      matrix: { type: "string" },
      keep: { type: "string" },
      model: { type: "string" },
      "test-split": { type: "string" },
      "vote-expectation-weight": { type: "string" },
      json: { type: "boolean" },
    }) as { values: Record<string, any>; positionals: string[] };
    const kind = positionals[0] as (typeof KINDS)[number];
    if (!KINDS.includes(kind)) throw new InputError(`mm fisher: give the kind first: ${KINDS.join(", ")}`);

    if (kind === "profile" || kind === "project") {
      const path = required(v.matrix as string | undefined, "matrix", "fisher");
      let data: any;
      try {
        data = JSON.parse(readFileSync(path, "utf8"));
      } catch (err) {
        throw new InputError(`--matrix ${path}: cannot read a JSON matrix (${(err as Error).message})`);
      }
      const info: number[][] = Array.isArray(data) ? data : data.information;
      if (!Array.isArray(info)) throw new InputError(`--matrix ${path}: expected a matrix or {"information": [[...]]}`);
      const keep = parseVector(required(v.keep as string | undefined, "keep", "fisher"), "keep");
      const cov = Array.isArray(data) ? undefined : data.covariance;
      let out: { information: number[][]; covariance?: number[][][][] };
      if (kind === "project") out = cov ? projectInformation(info, keep, cov) : { information: projectInformation(info, keep) };
      else out = cov ? profileInformation(info, keep, { covariance: cov, seed: 0 }) : { information: profileInformation(info, keep) };
      // Names travel with the matrix when the file has them (mm fisher ... --json writes "parameters").
      const names = !Array.isArray(data) && Array.isArray(data.parameters) && data.parameters.length === info.length ? (data.parameters as unknown[]).map(String) : null;
      const keptNames = names ? keep.map((k) => names[k] ?? String(k)) : undefined;
      if (v.json) printJson(keptNames ? { ...out, parameters: keptNames } : out);
      else printMatrix(`${kind === "profile" ? "Profiled" : "Projected"} information (kept ${keptNames ? keptNames.join(", ") : keep.join(", ")})`, out.information, keptNames);
      return 0;
    }

    const file = required(v.file as string | undefined, "file", "fisher");
    const theta = parseVector(required(v.theta as string | undefined, "theta", "fisher"), "theta");
    const luminosity = v.luminosity !== undefined ? Number(v.luminosity) : 300000;
    if (!(luminosity > 0)) throw new InputError(`--luminosity must be positive (pb^-1), got '${v.luminosity}'`);
    const fi = new FisherInformation(await openEventsFile(file));
    const cuts = { cuts: (v.cut as string[] | undefined) ?? [], efficiencyFunctions: (v.efficiency as string[] | undefined) ?? [] };
    let result: Record<string, unknown>;
    switch (kind) {
      case "truth":
        result = { ...(await fi.truthInformation(theta, { luminosity, ...cuts })) };
        break;
      case "rate":
        result = { ...(await fi.rateInformation(theta, { luminosity, ...cuts })) };
        break;
      case "hist1d": {
        const r = await fi.histoInformation(theta, { luminosity, observable: required(v.observable, "observable", "fisher"), bins: required(bins(v.bins, "bins"), "bins", "fisher"), histrange: range(v.range, "range"), ...cuts });
        result = { information: r.information, covariance: r.covariance, binBoundaries: r.binBoundaries };
        break;
      }
      case "hist2d": {
        const r = await fi.histoInformation2d(theta, {
          luminosity,
          observable1: required(v.observable, "observable", "fisher"),
          bins1: required(bins(v.bins, "bins"), "bins", "fisher"),
          histrange1: range(v.range, "range"),
          observable2: required(v.observable2, "observable2", "fisher"),
          bins2: required(bins(v.bins2, "bins2"), "bins2", "fisher"),
          histrange2: range(v.range2, "range2"),
          ...cuts,
        });
        result = { information: r.information, covariance: r.covariance, binBoundaries1: r.binBoundaries1, binBoundaries2: r.binBoundaries2 };
        break;
      }
      case "histogram": {
        const nb = bins(required(v.bins as string | undefined, "bins", "fisher"), "bins");
        if (typeof nb !== "number") throw new InputError("histogram: --bins must be a number of slices");
        const hr = range(required(v.range as string | undefined, "range", "fisher"), "range")!;
        const r = await fi.histogramOfInformation(theta, { luminosity, observable: required(v.observable, "observable", "fisher"), nbins: nb, histrange: hr, ...cuts });
        result = { binBoundaries: r.binBoundaries, sigmaBins: r.sigmaBins, rateInformation: r.fisherInfosRate, fullInformation: r.fisherInfosFull };
        break;
      }
      case "detector": {
        const model = required(v.model as string | undefined, "model", "fisher");
        const testSplit = v["test-split"] !== undefined ? Number(v["test-split"]) : 0.2;
        if (!(testSplit >= 0 && testSplit < 1)) throw new InputError(`--test-split must be in [0, 1), got '${v["test-split"]}'`);
        const vote = v["vote-expectation-weight"] !== undefined ? Number(v["vote-expectation-weight"]) : null;
        if (vote !== null && !Number.isFinite(vote)) throw new InputError(`--vote-expectation-weight must be a number, got '${v["vote-expectation-weight"]}'`);
        const r = await informationFromModel(model, async (sf) => (await fi.fullInformation(theta, sf, { luminosity, testSplit: testSplit === 0 ? null : testSplit })).information, { voteExpectationWeight: vote });
        // One model has no spread to estimate: covariance null (not zeros, which would read as "no uncertainty").
        result = { information: r.information, covariance: r.covariance ?? null, members: r.members, weights: r.weights };
        break;
      }
      default:
        throw new InputError(`unknown kind ${kind}`);
    }
    if (v.json) {
      printJson({ ...result, parameters: fi.parameterNames });
      return 0;
    }
    if (kind === "histogram") {
      const r = result as { binBoundaries: number[]; sigmaBins: number[]; rateInformation: number[][][]; fullInformation: number[][][] };
      const edges = [-Infinity, ...r.binBoundaries, Infinity];
      const edge = (x: number) => (x === Infinity ? "∞" : x === -Infinity ? "-∞" : String(x));
      const rows = r.sigmaBins.map((s, i) => [`${i === 0 ? "(" : "["}${edge(edges[i])}, ${edge(edges[i + 1])})`, s.toPrecision(5), r.rateInformation[i].map((x, j) => x[j].toPrecision(4)).join(" "), r.fullInformation[i].map((x, j) => x[j].toPrecision(4)).join(" ")]);
      process.stdout.write(table(rows, ["slice", "xsec [pb]", "rate I_ii", "truth I_ii"]) + "\n");
      return 0;
    }
    printMatrix(`Fisher information (${kind}) at theta = ${theta.join(", ")}, L = ${luminosity} pb^-1`, result.information as number[][], fi.parameterNames);
    const cov = result.covariance as number[][][][] | null;
    const P = fi.parameterNames.length;
    if (!cov) {
      process.stdout.write(`uncertainty: not estimated for a single model (train an ensemble, mm ensemble train, and pass its folder for the members' spread)\n`);
      return 0;
    }
    process.stdout.write(`uncertainty (sqrt of covariance diagonal):\n`);
    process.stdout.write(table(fi.parameterNames.map((n, i) => [n, ...Array.from({ length: P }, (_, j) => Math.sqrt(Math.max(0, cov[i][j][i][j])).toPrecision(4))]), ["", ...fi.parameterNames]) + "\n");
    return 0;
  },
};
