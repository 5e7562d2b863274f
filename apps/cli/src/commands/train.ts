// mm train: trains a neural estimator (SALLY, CARL, RASCAL, ALICE, ...) on
// the .npy samples written by the sampling step; saves MODEL.onnx + MODEL_settings.json.
import { ProgressBar } from "../progress.js";
import { parse, printJson, required, type Command, type Options } from "../command.js";
import { InputError } from "@mm/util";
import { METHODS, MLForge, type Method, type TrainOptions, type EpochReport } from "@mm/ml";
import { bold, dim } from "../style.js";

/** Options shared by `mm train` and `mm ensemble train`. */
export const TRAIN_OPTIONS: Options = {
  samples: { type: "string" },
  name: { type: "string" },
  output: { type: "string", short: "o" },
  features: { type: "string" },
  hidden: { type: "string" },
  activation: { type: "string" },
  alpha: { type: "string" },
  trainer: { type: "string" },
  "nesterov-momentum": { type: "string" },
  epochs: { type: "string" },
  "batch-size": { type: "string" },
  lr: { type: "string" },
  "final-lr": { type: "string" },
  "validation-split": { type: "string" },
  "no-early-stopping": { type: "boolean" },
  patience: { type: "string" },
  "no-scale-inputs": { type: "boolean" },
  "grad-x-regularization": { type: "string" },
  "clip-gradient": { type: "string" },
  seed: { type: "string" },
  "chunk-size": { type: "string" },
  json: { type: "boolean" },
};

export const TRAIN_OPTIONS_HELP = `  --samples DIR           folder with the sampling output (x_NAME.npy, t_xz_NAME.npy, y_NAME.npy, ...)
  --name NAME             sample name (the NAME in x_NAME.npy)
  -o, --output MODEL      output prefix: MODEL.onnx and MODEL_settings.json
  --features 0,2,3        observable indices fed to the network (default: all)
  --hidden 100,100        hidden layer sizes (default 100,100)
  --activation tanh       tanh | sigmoid | relu
  --alpha 1               weight of the score term (rascal, cascal, alices and *2)
  --trainer amsgrad       adam | amsgrad | sgd
  --nesterov-momentum M   with --trainer sgd
  --epochs 50             number of epochs
  --batch-size 128
  --lr 0.001              initial learning rate; decays exponentially to --final-lr 0.0001
  --validation-split 0.25 fraction held out for validation / early stopping ('none' to disable)
  --no-early-stopping     keep the last epoch instead of the best validation epoch
  --patience N            stop after N epochs without improvement
  --no-scale-inputs       do not scale observables to zero mean, unit variance
  --grad-x-regularization L   add L*|grad_x log r|^2 to the loss (ratio methods)
  --clip-gradient C       clip the gradient norm
  --seed 0                seed of initialisation, split and shuffling (recorded in the settings)
  --chunk-size 1000000    rows read from the .npy files at a time (training streams larger samples)
  --json                  print the training history as JSON`;

function num(v: string | undefined, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InputError(`--${option} expects a number; got '${v}'`);
  return n;
}

function ints(v: string | undefined, option: string): number[] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(",").map((s) => Number(s.trim()));
  if (parts.some((p) => !Number.isInteger(p) || p < 0)) throw new InputError(`--${option} expects comma-separated non-negative integers such as 100,100; got '${v}'`);
  return parts;
}

/** Checks the method name. */
export function parseMethod(m: string | undefined, command: string): Method {
  if (!m) throw new InputError(`mm ${command}: give the method, e.g. 'mm ${command} sally ...' (${METHODS.join(", ")})`);
  if (!(METHODS as readonly string[]).includes(m)) throw new InputError(`unknown method '${m}'; choose one of ${METHODS.join(", ")} (nde/scandal are not available yet)`);
  return m as Method;
}

/** Turns parsed CLI values into TrainOptions. */
export function trainOptionsFrom(v: Record<string, string | boolean | undefined>): TrainOptions & { chunkSize?: number } {
  const s = (k: string) => v[k] as string | undefined;
  const trainer = s("trainer");
  if (trainer && !["adam", "amsgrad", "sgd"].includes(trainer)) throw new InputError(`--trainer must be adam, amsgrad or sgd; got '${trainer}'`);
  const act = s("activation");
  if (act && !["tanh", "sigmoid", "relu"].includes(act)) throw new InputError(`--activation must be tanh, sigmoid or relu; got '${act}'`);
  const vs = s("validation-split");
  return {
    features: ints(s("features"), "features") ?? null,
    nHidden: ints(s("hidden"), "hidden"),
    activation: act as TrainOptions["activation"],
    alpha: num(s("alpha"), "alpha"),
    trainer: trainer as TrainOptions["trainer"],
    nesterovMomentum: num(s("nesterov-momentum"), "nesterov-momentum") ?? null,
    nEpochs: num(s("epochs"), "epochs"),
    batchSize: num(s("batch-size"), "batch-size"),
    initialLr: num(s("lr"), "lr"),
    finalLr: num(s("final-lr"), "final-lr"),
    validationSplit: vs === "none" ? null : num(vs, "validation-split"),
    earlyStopping: !v["no-early-stopping"],
    earlyStoppingPatience: num(s("patience"), "patience") ?? null,
    scaleInputs: !v["no-scale-inputs"],
    gradXRegularization: num(s("grad-x-regularization"), "grad-x-regularization") ?? null,
    clipGradient: num(s("clip-gradient"), "clip-gradient") ?? null,
    seed: num(s("seed"), "seed") ?? 0,
    chunkSize: num(s("chunk-size"), "chunk-size"),
  };
}

/** A progress bar over epochs showing loss and validation loss. */
export function epochProgress(label: string, nEpochs: number, json: boolean) {
  const bar = new ProgressBar(label, { total: nEpochs, unit: "epoch", quiet: json });
  const lines: string[] = [];
  return {
    onEpoch(e: EpochReport) {
      const msg = `loss ${e.loss.toPrecision(5)}${e.valLoss !== null ? ` val ${e.valLoss.toPrecision(5)}` : ""} lr ${e.lr.toExponential(2)} ${e.seconds.toFixed(2)}s`;
      lines.push(msg);
      bar.update(e.epoch, msg);
    },
    done(msg: string) {
      bar.done(msg);
    },
  };
}

export const trainCommand: Command = {
  name: "train",
  summary: "train a neural estimator (sally, carl, rascal, alices, ...) on sampled .npy data",
  help: `mm train METHOD --samples DIR --name NAME -o MODEL [options]

Trains a neural estimator on the augmented samples of the sampling step and
saves it as MODEL.onnx (a standard ONNX model: raw observables in, estimate
out; input scaling inside) plus MODEL_settings.json.

METHOD: sally, sallino (score at the reference point; needs x, t_xz),
carl, rolr, rascal, cascal, alice, alices (log r(x|theta0) against a fixed
theta1; need x, theta0, y and r_xz / t_xz as the loss requires), and the
doubly parameterised carl2, rolr2, rascal2, cascal2, alice2, alices2.

Options:
${TRAIN_OPTIONS_HELP}`,
  async run(argv) {
    const parsed = parse("train", argv, TRAIN_OPTIONS);
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const method = parseMethod(parsed.positionals[0], "train");
    const dir = required(v.samples as string | undefined, "samples", "train");
    const name = required(v.name as string | undefined, "name", "train");
    const out = required(v.output as string | undefined, "output", "train");
    const options = trainOptionsFrom(v);
    const progress = epochProgress(`train ${method}`, options.nEpochs ?? 50, !!v.json);
    const forge = new MLForge();
    const t0 = Date.now();
    const result = await forge.trainFromSamples(method, dir, name, { ...options, onEpoch: progress.onEpoch });
    const seconds = (Date.now() - t0) / 1000;
    forge.save(out);
    progress.done(`best epoch ${result.bestEpoch + 1}: loss ${result.trainLosses[result.bestEpoch]?.toPrecision(5)}${result.valLosses[result.bestEpoch] != null ? ` val ${result.valLosses[result.bestEpoch]!.toPrecision(5)}` : ""}`);
    if (v.json) {
      printJson({ method, model: out, files: [`${out}.onnx`, `${out}_settings.json`], seed: options.seed, seconds, best_epoch: result.bestEpoch + 1, train_losses: result.trainLosses, val_losses: result.valLosses });
    } else {
      process.stdout.write(`${bold("saved")} ${out}.onnx and ${out}_settings.json ${dim(`(${method}, best epoch ${result.bestEpoch + 1}, ${seconds.toFixed(1)} s, seed ${options.seed})`)}\n`);
    }
    return 0;
  },
};
