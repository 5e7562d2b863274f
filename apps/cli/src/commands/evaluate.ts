// mm evaluate: a trained estimator (an @mm/ml model, a Python MadMiner model
// prefix, or an ensemble folder) on observables from a .npy file.
import { InputError, writeNpy } from "@mm/util";
import { EnsembleForge, MLForge, loadArray } from "@mm/ml";
import { parse, parseVector, printJson, required, type Command } from "../command.js";
import { bold, dim, formatNumber, table } from "../style.js";

function nested(a: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => a[i * cols + j]));
}

function thetaList(v: string | undefined, option: string): number[][] | undefined {
  if (v === undefined) return undefined;
  if (v.endsWith(".npy")) {
    const a = loadArray(v);
    return nested(a.data, a.shape[0], a.shape[1] ?? 1);
  }
  return v.split(";").map((t) => parseVector(t, option));
}

export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "evaluate a trained estimator (score or log r) on observables from a .npy file",
  help: `mm evaluate --model MODEL --x X.npy [--theta 0.5,-1 | --theta THETAS.npy] [--theta1 ...] [--json] [-o OUT.npy]

MODEL is the prefix of an @mm/ml model (MODEL.onnx + MODEL_settings.json), of
a Python MadMiner model (MODEL_settings.json, MODEL_state_dict.pt,
MODEL_x_means.npy, MODEL_x_stds.npy), or an ensemble folder (mm ensemble train).

Score estimators (sally, sallino) print {"score": [[...], ...]} (rows × parameters);
ratio estimators print {"log_r": [...]} for one theta (or [[...]] for several),
plus "score" with --score and "grad_x" with --grad-x.

Options:
  --model MODEL        model prefix or ensemble folder
  --x X.npy            observables (rows × observables)
  --theta T            theta0: '0.5,-1', several separated by ';', or a .npy file
  --theta1 T           theta1 for doubly parameterised estimators
  --pairs              evaluate row i at theta_i (no all-combinations grid)
  --score              also the score d log r / d theta0 (ratio estimators)
  --grad-x             also d log r / d x (ratio estimators) or the Jacobian d t / d x (score estimators)
  -o, --output OUT.npy write the main result as .npy
  --json               machine-readable output`,
  async run(argv) {
    const parsed = parse("evaluate", argv, {
      model: { type: "string" },
      x: { type: "string" },
      theta: { type: "string" },
      theta0: { type: "string" },
      theta1: { type: "string" },
      pairs: { type: "boolean" },
      score: { type: "boolean" },
      "grad-x": { type: "boolean" },
      output: { type: "string", short: "o" },
      json: { type: "boolean" },
    }, false);
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const model = required(v.model as string | undefined, "model", "evaluate");
    const xa = loadArray(required(v.x as string | undefined, "x", "evaluate"));
    const n = xa.shape[0];
    const w = xa.shape[1] ?? 1;
    let result: Record<string, unknown>;
    let main: { data: Float64Array; shape: number[] };
    if (EnsembleForge.isEnsemble(model)) {
      const ens = EnsembleForge.load(model);
      const ev = await ens.evaluate(xa.data, n, w, { voteExpectationWeight: ens.expectations ? 1 : null });
      const P = ens.nParameters;
      result = { score: nested(ev.mean, n, P), score_covariance: Array.from({ length: n }, (_, i) => nested(ev.covariance.subarray(i * P * P), P, P)) };
      main = { data: ev.mean, shape: [n, P] };
    } else {
      const forge = new MLForge();
      forge.load(model);
      const est = forge.estimator!;
      const P = est.nParameters;
      if (est.settings.kind === "score") {
        const { score: t, gradX } = await est.evaluateScoreWithGradX(xa.data, n, w, undefined, !!v["grad-x"]);
        result = { score: nested(t, n, P) };
        const D = est.spec.nObservables;
        if (gradX) result.grad_x = Array.from({ length: n }, (_, i) => nested(gradX.subarray(i * P * D), P, D));
        main = { data: t, shape: [n, P] };
      } else {
        const t0 = thetaList((v.theta ?? v.theta0) as string | undefined, "theta");
        if (!t0) throw new InputError(`mm evaluate: the ${est.method} estimator needs --theta (the numerator parameter point)`);
        const t1 = thetaList(v.theta1 as string | undefined, "theta1") ?? null;
        const ev = await est.evaluateLogRatio(xa.data, n, w, t0, t1, { testAllCombinations: !v.pairs, evaluateScore: !!v.score, returnGradX: !!v["grad-x"] });
        const single = !v.pairs && t0.length === 1;
        const rows = v.pairs ? n : t0.length * n;
        result = { log_r: single || v.pairs ? Array.from(ev.logR) : nested(ev.logR, t0.length, n) };
        if (ev.score0) result.score = nested(ev.score0, rows, P);
        if (ev.score1) result.score_theta1 = nested(ev.score1, rows, P);
        if (ev.gradX) result.grad_x = nested(ev.gradX, rows, est.spec.nObservables);
        main = { data: ev.logR, shape: ev.shape };
      }
    }
    if (v.output) writeNpy(v.output as string, main.data, main.shape, { dtype: "float64" });
    if (v.json) printJson(result);
    else {
      const isRatio = "log_r" in result;
      // Rows are events; columns are score components, or the thetas of a log r grid.
      const cols = isRatio ? (main.shape.length > 1 ? main.shape[0] : 1) : main.shape[1];
      const at = (i: number, j: number) => (isRatio ? main.data[j * n + i] : main.data[i * cols + j]);
      const shown = Math.min(10, n);
      const rows = Array.from({ length: shown }, (_, i) => [i, ...Array.from({ length: cols }, (_, j) => formatNumber(at(i, j)))]);
      const header = ["row", ...Array.from({ length: cols }, (_, j) => (isRatio ? `log r (theta ${j})` : `t_${j}`))];
      process.stdout.write(`${bold(isRatio ? "log r" : "score")} of ${n} rows${n > shown ? ` (first ${shown} shown)` : ""}${v.output ? `, written to ${v.output}` : ""}\n${table(rows, header)}\n`);
      const extra = (["score", "score_theta1", "grad_x"] as const).filter((k) => k in result && !(k === "score" && !isRatio));
      if (extra.length) process.stdout.write(dim(`${extra.join(", ")} computed as asked: print them with --json (nested arrays per row)\n`));
    }
    return 0;
  },
};
