import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openEventsFile, DataAnalyzer, morphingWeights } from "@mm/sampling";
import { FisherInformation } from "../src/index.js";
import { noShared, shared } from "../../../tools/test-support/shared.js";
import { json, relErr } from "./helpers.js";

// Real MadGraph output (two runs) written by Python's LHEReader, read through
// @mm/hdf5 (openEventsFile): every number to 1e-9 relative (reference/README.md).
const TOL = 1e-9;
const file = () => shared("reference", "real-lhe", "events.h5");

describe.skipIf(noShared() || !existsSync(shared("reference", "real-lhe", "events.h5")))("real-lhe/events.h5 (Python LHEReader output)", () => {
  const e = () => json("reference", "real-lhe", "expected.json").events;

  it("sampling factors, cross sections and morphing weights", async () => {
    const src = await openEventsFile(file());
    const da = new DataAnalyzer(src);
    expect(relErr(da.samplingFactors(), e().sampling_factors)).toBeLessThan(1e-15);
    const b = await da.xsecs();
    expect(relErr(b.xsecs, e().xsecs_benchmarks_all_events.xsecs_pb)).toBeLessThan(TOL);
    expect(relErr(b.uncertainties, e().xsecs_benchmarks_all_events.uncertainties_pb)).toBeLessThan(TOL);
    const t = await da.xsecs(e().xsecs_thetas_all_events.thetas);
    expect(relErr(t.xsecs, e().xsecs_thetas_all_events.xsecs_pb)).toBeLessThan(TOL);
    expect(relErr(t.uncertainties, e().xsecs_thetas_all_events.uncertainties_pb)).toBeLessThan(TOL);
    const mw = e().morphing_weights_at_thetas;
    mw.thetas.forEach((th: number[], i: number) => {
      expect(relErr(morphingWeights(src.setup.morphing!, th), mw.weights[i])).toBeLessThan(1e-12);
    });
  });

  it("truth, rate and histogram information with covariances (cached, and streamed from the file)", async () => {
    for (const cacheBytes of [undefined, 0]) {
    const f = e().fisher;
    const fi = new FisherInformation(await openEventsFile(file()), { cacheBytes });
    const L = f["luminosity_pb^-1"];
    const truth = await fi.truthInformation(f.theta, { luminosity: L });
    expect(relErr(truth.information, f.truth_information.information)).toBeLessThan(TOL);
    expect(relErr(truth.covariance, f.truth_information.covariance)).toBeLessThan(TOL);
    const rate = await fi.rateInformation(f.theta, { luminosity: L });
    expect(relErr(rate.information, f.rate_information.information)).toBeLessThan(TOL);
    expect(relErr(rate.covariance, f.rate_information.covariance)).toBeLessThan(TOL);
    for (const key of ["histo_information_pt_j1_fixed_bins", "histo_information_pt_j1_explicit_bins"]) {
      const a = f[key].args;
      const h = await fi.histoInformation(f.theta, { luminosity: L, observable: a.observable, bins: a.bins, histrange: a.histrange });
      expect(relErr(h.information, f[key].information), key).toBeLessThan(TOL);
      expect(relErr(h.covariance, f[key].covariance), key).toBeLessThan(TOL);
    }
    }
  });
});
