// Step 'sampling': SALLY training samples (x, t(x,z|θ)) from the train
// partition and evaluation samples from the test partition, as .npy.
import { join } from "node:path";
import { openEventsFile, SampleAugmenter } from "@mm/sampling";
import { writeFileAtomicSync } from "@mm/util";
import type { StepDefinition } from "../context.js";
import { thetaSpec } from "../thetas.js";

export const samplingStep: StepDefinition = {
  name: "sampling",
  dependsOn: ["events"],
  inputs: () => [],
  settings: (c) => ({ sampling: c.sampling, seed: c.seed }),
  outputs: () => ["samples/x_train.npy", "samples/theta_train.npy", "samples/t_xz_train.npy", "samples/x_test.npy", "samples/theta_test.npy", "samples/report.json"],
  async run(ctx) {
    const c = ctx.config.sampling;
    const folder = join(ctx.out, "samples");
    const sa = new SampleAugmenter(await openEventsFile(join(ctx.out, "events.h5")));
    const bar = ctx.progress(c.nTrain + c.nTest, "samples");
    const train = await sa.extractSamplesTrainLocal(thetaSpec(c.theta), c.nTrain, {
      seed: ctx.config.seed,
      folder,
      filename: "train",
      testSplit: c.testSplit,
      onWarning: ctx.warn,
      onProgress: (d, t) => bar.update(Math.round((c.nTrain * d) / Math.max(1, t))),
    });
    const test = await sa.extractSamplesTest(thetaSpec(c.theta), c.nTest, { seed: ctx.config.seed + 1, folder, filename: "test", testSplit: c.testSplit, onWarning: ctx.warn });
    bar.update(c.nTrain + c.nTest);
    bar.done(`${c.nTrain} train (effective ${Math.round(train.effectiveNSamples)}), ${c.nTest} test samples → samples/`);
    writeFileAtomicSync(
      join(folder, "report.json"),
      JSON.stringify({ train: { effectiveNSamples: train.effectiveNSamples, negativeWeightEvents: train.negativeWeightEvents, warnings: train.warnings }, test: { effectiveNSamples: test.effectiveNSamples, warnings: test.warnings } }, null, 1) + "\n",
    );
  },
};
