// Parameter points of the pipeline file (benchmark names or value lists) as
// @mm/sampling theta specifications and plain vectors.
import { InputError } from "@mm/util";
import type { MadMinerSetup } from "@mm/hdf5";
import { benchmark, morphingPoint, type ThetaSpec } from "@mm/sampling";
import type { ThetaConfig } from "./config.js";

export function thetaSpec(t: ThetaConfig): ThetaSpec {
  return typeof t === "string" ? benchmark(t) : morphingPoint(t);
}

export function thetaVector(t: ThetaConfig, setup: MadMinerSetup, where: string): number[] {
  if (typeof t !== "string") {
    if (t.length !== setup.parameters.length) throw new InputError(`${where}: the point [${t.join(", ")}] has ${t.length} values; the setup has ${setup.parameters.length} parameters (${setup.parameters.map((p) => p.name).join(", ")})`);
    return t.slice();
  }
  const b = setup.benchmarks.find((x) => x.name === t);
  if (!b) throw new InputError(`${where}: benchmark '${t}' is not in the setup (${setup.benchmarks.map((x) => x.name).join(", ")})`);
  return b.values.slice();
}

/** Legend label of a parameter point: the benchmark name or "θ = (a, b)". */
export function thetaLabel(t: ThetaConfig): string {
  return typeof t === "string" ? t : `θ = (${t.join(", ")})`;
}
