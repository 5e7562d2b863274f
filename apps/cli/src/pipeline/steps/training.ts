// Step 'training': a SALLY score estimator (@mm/ml) on the sampled (x, t_xz),
// saved as ONNX + settings JSON, with the loss history.
import { join } from "node:path";
import { Estimator } from "@mm/ml";
import { readNpy, writeFileAtomicSync } from "@mm/util";
import type { StepDefinition } from "../context.js";

export const trainingStep: StepDefinition = {
  name: "training",
  dependsOn: ["sampling"],
  inputs: () => [],
  settings: (c) => ({ training: c.training, seed: c.seed, observables: c.events.observables.map((o) => o.name) }),
  outputs: () => ["model/sally.onnx", "model/sally_settings.json", "model/history.json"],
  async run(ctx) {
    const c = ctx.config.training;
    const x = readNpy(join(ctx.out, "samples", "x_train.npy"));
    const t = readNpy(join(ctx.out, "samples", "t_xz_train.npy"));
    const names = ctx.config.events.observables.map((o) => o.name);
    const features = c.features ? c.features.map((f) => names.indexOf(f)) : null;
    const bar = ctx.progress(c.nEpochs, "epochs");
    const history: { epoch: number; loss: number; valLoss: number | null }[] = [];
    const { estimator, result } = await Estimator.train(
      "sally",
      { x: { data: x.data as Float32Array | Float64Array, shape: x.shape }, t_xz0: { data: t.data as Float32Array | Float64Array, shape: t.shape } },
      {
        nHidden: c.nHidden,
        activation: c.activation,
        nEpochs: c.nEpochs,
        batchSize: c.batchSize,
        initialLr: c.initialLr,
        finalLr: c.finalLr,
        validationSplit: c.validationSplit > 0 ? c.validationSplit : null,
        earlyStopping: c.earlyStopping,
        features,
        seed: ctx.config.seed,
        onEpoch: (e) => {
          history.push({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss });
          bar.update(e.epoch, `loss ${e.loss.toPrecision(4)}${e.valLoss !== null ? ` val ${e.valLoss.toPrecision(4)}` : ""}`);
        },
      },
    );
    estimator.save(join(ctx.out, "model", "sally"));
    // bestEpochNumber: 1-based, as the history's epoch field (files of older versions hold a 0-based bestEpoch).
    writeFileAtomicSync(join(ctx.out, "model", "history.json"), JSON.stringify({ bestEpochNumber: result.bestEpoch + 1, history }, null, 1) + "\n");
    bar.done(`best epoch ${result.bestEpoch + 1} → model/sally.onnx`);
  },
};
