// What `mm run` and `mm demo` print at the end: the steps, the information
// at the first theta, and where the report is.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bold, green, red, table } from "../style.js";
import type { StepOutcome } from "./runner.js";

export function readResults(out: string): Record<string, any> {
  return JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
}

export function printSummary(out: string, outcomes: StepOutcome[]): void {
  const r = readResults(out);
  const lines: string[] = [];
  lines.push("", table(outcomes.map((o) => [o.name, o.status, o.status === "ran" ? `${o.seconds.toFixed(1)} s` : ""]), ["step", "status", "time"]));
  const o = r.ordering;
  const P = r.parameters.length;
  lines.push(
    "",
    bold(`Fisher information at θ = (${r.theta.join(", ")}), L = ${r.luminosity} pb^-1`),
    table(
      (["truth", "sally", "histogram", "rate"] as const).map((k) => [k, o.detScale[k].value, o.detScale[k].sigma, r.fisher[k].information.map((row: number[]) => row.map((v) => Number(v.toPrecision(4))).join(" ")).join(" | ")]),
      ["method", `det(I)^(1/${P})`, "± 1σ (stat.)", "I"],
    ),
    `ordering: SALLY ≤ truth ${verdict(o.sallyBoundedByTruth, o.detScale.sally.value <= o.detScale.truth.value)}, SALLY ≥ histogram ${verdict(o.sallyExceedsHistogram, o.detScale.sally.value >= o.detScale.histogram.value)}, SALLY ≥ rate ${verdict(o.sallyExceedsRate, o.detScale.sally.value >= o.detScale.rate.value)}`,
    "",
    `${bold("report")}: ${join(out, "report.html")}`,
    `${bold("results")}: ${join(out, "results.json")}`,
  );
  process.stderr.write(lines.join("\n") + "\n");
}

/** "yes" when the central values are ordered, "yes (within 2σ)" when only the uncertainties allow it. */
function verdict(withinUncertainty: boolean, strictly: boolean): string {
  if (strictly) return green("yes");
  return withinUncertainty ? green("yes (within 2σ)") : red("no");
}
