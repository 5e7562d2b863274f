// Step 'setup': the MadMiner setup file, from a setup YAML (as `mm setup`) or
// an existing .h5, written to DIR/setup.h5.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "@mm/util";
import { buildFromConfig } from "../../commands/setup.js";
import type { StepDefinition } from "../context.js";

export const setupStep: StepDefinition = {
  name: "setup",
  dependsOn: [],
  inputs: (c) => [c.setup.config ?? c.setup.file!],
  settings: (c) => ({ setup: c.raw.setup }),
  outputs: () => ["setup.h5"],
  async run(ctx) {
    const target = join(ctx.out, "setup.h5");
    const bar = ctx.progress();
    if (ctx.config.setup.config) {
      const { mm } = buildFromConfig(ctx.config.setup.config);
      await mm.save(target);
      bar.done(`${mm.parameters.length} parameters, ${mm.benchmarks.length} benchmarks → setup.h5`);
    } else {
      await writeFileAtomic(target, readFileSync(ctx.config.setup.file!));
      bar.done(`copied ${ctx.config.setup.file}`);
    }
  },
};
