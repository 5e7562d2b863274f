// mm morphing: morphing weights (and their gradient) at a parameter point, from a MadMiner file.
import { readSetup } from "@mm/hdf5";
import { morphingWeightGradients, morphingWeights } from "@mm/morphing";
import { InputError } from "@mm/util";
import { parse, parseVector, printJson, required, type Command } from "../command.js";
import { bold, table } from "../style.js";

const HELP = `mm morphing --file setup.h5 --theta 0.5,-1.2 [--gradient] [--json]

Morphing weights w_b(theta) of the benchmarks of a MadMiner file (setup or
events), so that dsigma(x|theta) = sum_b w_b(theta) dsigma(x|theta_b); with
--gradient also dw_b/dtheta_i (parameters × benchmarks). The file's stored
morphing matrix is used, as Python's readers do.

Options:
  --file FILE      MadMiner HDF5 file with a /morphing group
  --theta LIST     comma-separated parameter values in the file's parameter order
                   (e.g. --theta -3.5,2)
  --gradient       also print the gradient
  --json           print {"weights": [...], "gradient": [[...]], "benchmarks": [...], "parameters": [...], "theta": [...]}`;

export const morphingCommand: Command = {
  name: "morphing",
  summary: "morphing weights (and gradients) of a MadMiner file at a parameter point",
  help: HELP,
  async run(argv) {
    const values = parse("morphing", argv, {
      file: { type: "string" },
      theta: { type: "string" },
      gradient: { type: "boolean" },
      json: { type: "boolean" },
    }, false).values as { file?: string; theta?: string; gradient?: boolean; json?: boolean };
    const file = required(values.file, "file", "morphing");
    const theta = parseVector(required(values.theta, "theta", "morphing"), "theta");
    const setup = await readSetup(file);
    const P = setup.parameters.length;
    if (theta.length !== P) {
      throw new InputError(`--theta has ${theta.length} values but ${file} has ${P} parameters (${setup.parameters.map((p) => p.name).join(", ")})`);
    }
    if (!setup.morphing) throw new InputError(`${file} has no morphing setup (/morphing); run 'mm setup' with a 'morphing:' section`);
    const { components, matrix } = setup.morphing;
    const C = components.length;
    const B = matrix.length / C;
    const names = setup.benchmarks.filter((b) => !b.isNuisance).slice(0, B).map((b) => b.name);
    const weights = Array.from(morphingWeights(matrix, components, theta));
    let gradient: number[][] | undefined;
    if (values.gradient) {
      const g = morphingWeightGradients(matrix, components, theta);
      gradient = Array.from({ length: P }, (_, i) => Array.from(g.subarray(i * B, (i + 1) * B)));
    }
    if (values.json) {
      printJson({ theta, parameters: setup.parameters.map((p) => p.name), benchmarks: names, weights, ...(gradient ? { gradient } : {}) });
      return 0;
    }
    const header = ["benchmark", "weight", ...(gradient ? setup.parameters.map((p) => `d/d${p.name}`) : [])];
    const rows = names.map((n, b) => [n, weights[b]!, ...(gradient ? gradient.map((row) => row[b]!) : [])]);
    const sum = weights.reduce((a, x) => a + x, 0);
    process.stdout.write(`${bold("Morphing weights")} at ${setup.parameters.map((p, i) => `${p.name} = ${theta[i]}`).join(", ")}\n`);
    process.stdout.write(table(rows, header) + "\n");
    process.stdout.write(`sum of weights: ${sum.toPrecision(6)}; sum of squares: ${weights.reduce((a, x) => a + x * x, 0).toPrecision(6)}\n`);
    return 0;
  },
};
