// mm ensemble: train several score estimators into one folder, and evaluate
// the ensemble (expectation-weighted vote, covariance).
import { InputError } from "@mm/util";
import { EnsembleForge, loadArray, loadTrainingSamples } from "@mm/ml";
import { parse, printJson, required, type Command } from "../command.js";
import { bold, dim, table } from "../style.js";
import { TRAIN_OPTIONS, TRAIN_OPTIONS_HELP, epochProgress, parseMethod, trainOptionsFrom } from "./train.js";

const HELP = `mm ensemble train METHOD --samples DIR --name NAME -o FOLDER [--n-estimators 5] [train options]
mm ensemble evaluate --model FOLDER --x X.npy [--expectation-x XVAL.npy] [--beta 1] [--n-events N] [--json]

train: trains N members (seeds seed, seed+1, ...) into FOLDER/estimator_i.* and
  FOLDER/ensemble.json. Train options as for 'mm train' (-o names the FOLDER):
${TRAIN_OPTIONS_HELP.replace(/^ {2}-o, --output MODEL .*$/m, "  -o, --output FOLDER     the ensemble folder: estimator_0.onnx, estimator_0_settings.json, ..., ensemble.json")}
  --n-estimators 5        number of members
  --expectation-x X.npy   after training, each member's expected score on this sample (at the
                          reference point) is saved in ensemble.json, for the expectation-weighted
                          vote (mm fisher detector --vote-expectation-weight, evaluate --beta)
evaluate: the ensemble score (mean and covariance over members, per row) and
  the Fisher information mean and covariance (I = N * mean(t t^T), N from
  --n-events: the expected number of events, luminosity x cross section;
  default 1, the information per event). With
  --expectation-x (a sample at the reference point), each member's expected
  score is computed and the vote weights are softmax(-beta |E[t_i]|).`;

export const ensembleCommand: Command = {
  name: "ensemble",
  summary: "train or evaluate an ensemble of SALLY estimators (mean, covariance)",
  help: HELP,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "train") {
      const parsed = parse("ensemble train", rest, { ...TRAIN_OPTIONS, "n-estimators": { type: "string" }, "expectation-x": { type: "string" } });
      const v = parsed.values as Record<string, string | boolean | undefined>;
      const method = parseMethod(parsed.positionals[0], "ensemble train");
      const dir = required(v.samples as string | undefined, "samples", "ensemble train");
      const name = required(v.name as string | undefined, "name", "ensemble train");
      const out = required(v.output as string | undefined, "output", "ensemble train");
      const k = Number(v["n-estimators"] ?? 5);
      if (!Number.isInteger(k) || k < 1) throw new InputError(`--n-estimators expects a positive integer; got '${String(v["n-estimators"])}'`);
      const options = trainOptionsFrom(v);
      const data = loadTrainingSamples(dir, name, method);
      const ens = new EnsembleForge(k);
      const results = [];
      for (let i = 0; i < k; i++) {
        const p = epochProgress(`member ${i + 1}/${k}`, options.nEpochs ?? 50, !!v.json);
        const r = await ens.trainOne(i, method, data, { ...options, onEpoch: p.onEpoch });
        p.done(`best epoch ${r.bestEpoch + 1}`);
        results.push(r);
      }
      if (v["expectation-x"]) {
        const xv = loadArray(v["expectation-x"] as string);
        await ens.calculateExpectation(xv.data, xv.shape[0], xv.shape[1] ?? 1);
      }
      ens.save(out);
      if (v.json) printJson({ method, folder: out, n_estimators: k, seeds: results.map((_, i) => (options.seed ?? 0) + i), best_epochs: results.map((r) => r.bestEpoch + 1), val_losses: results.map((r) => r.valLosses) });
      else process.stdout.write(`${bold("saved")} ensemble of ${k} ${method} estimators in ${out} ${dim(`(seeds ${options.seed}..${(options.seed ?? 0) + k - 1})`)}\n`);
      return 0;
    }
    if (sub === "evaluate") {
      const parsed = parse("ensemble evaluate", rest, { model: { type: "string" }, x: { type: "string" }, "expectation-x": { type: "string" }, beta: { type: "string" }, "n-events": { type: "string" }, json: { type: "boolean" } }, false);
      const v = parsed.values as Record<string, string | boolean | undefined>;
      const ens = EnsembleForge.load(required(v.model as string | undefined, "model", "ensemble evaluate"));
      const xa = loadArray(required(v.x as string | undefined, "x", "ensemble evaluate"));
      const n = xa.shape[0];
      const w = xa.shape[1] ?? 1;
      if (v["expectation-x"]) {
        const xv = loadArray(v["expectation-x"] as string);
        await ens.calculateExpectation(xv.data, xv.shape[0], xv.shape[1] ?? 1);
      }
      const beta = v.beta !== undefined ? Number(v.beta) : ens.expectations ? 1 : null;
      if (v.beta !== undefined && !Number.isFinite(beta)) throw new InputError(`--beta expects a number; got '${String(v.beta)}'`);
      if (v.beta !== undefined && !ens.expectations) {
        throw new InputError(`mm ensemble evaluate: --beta weighs members by their expected scores, and this ensemble has none: add --expectation-x X_REF.npy (a sample at the reference point), or train with it`);
      }
      const nEvents = v["n-events"] !== undefined ? Number(v["n-events"]) : 1;
      const ev = await ens.evaluate(xa.data, n, w, { voteExpectationWeight: beta });
      const info = await ens.calculateFisherInformation(xa.data, n, w, { nEvents, voteExpectationWeight: beta });
      const P = ens.nParameters;
      const mat = (a: ArrayLike<number>, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => a[i * c + j]));
      const out = {
        weights: Array.from(ens.weights(beta)),
        expectations: ens.expectations,
        score: mat(ev.mean, n, P),
        fisher_information: mat(info.mean, P, P),
        fisher_information_covariance: Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => mat(info.covariance.subarray((a * P + b) * P * P), P, P))),
        fisher_information_members: info.members.map((m) => mat(m, P, P)),
      };
      if (v.json) printJson(out);
      else {
        process.stdout.write(`${bold("weights")} ${out.weights.map((x) => x.toFixed(3)).join(" ")}${ens.expectations ? dim(" (expectation-weighted vote)") : dim(" (equal)")}\n`);
        if (ens.expectations) process.stdout.write(`${bold("expected scores")} ${ens.expectations.map((e) => `[${e.map((x) => x.toPrecision(3)).join(", ")}]`).join(" ")}\n`);
        const shown = Math.min(10, n);
        const sd = (i: number, a: number) => Math.sqrt(Math.max(0, ev.covariance[(i * P + a) * P + a]));
        process.stdout.write(
          `${bold("score")} of ${n} rows${n > shown ? ` (first ${shown} shown)` : ""}: mean ± std. dev. over members\n` +
            table(
              Array.from({ length: shown }, (_, i) => [i, ...Array.from({ length: P }, (_, a) => `${ev.mean[i * P + a].toPrecision(4)} ± ${sd(i, a).toPrecision(2)}`)]),
              ["row", ...Array.from({ length: P }, (_, a) => `t_${a}`)],
            ) +
            "\n",
        );
        process.stdout.write(`${bold("Fisher information")} (N = ${nEvents}):\n${out.fisher_information.map((r) => "  " + r.map((x) => x.toPrecision(6)).join("  ")).join("\n")}\n`);
        process.stdout.write(`${bold("std. dev. over members")}:\n${out.fisher_information.map((r, i) => "  " + r.map((_, j) => Math.sqrt(info.covariance[(i * P + j) * P * P + i * P + j]).toPrecision(3)).join("  ")).join("\n")}\n`);
      }
      return 0;
    }
    throw new InputError("mm ensemble: give 'train' or 'evaluate' (mm ensemble --help)");
  },
};
