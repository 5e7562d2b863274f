// The FisherInformation methods of issue 4 that fisher.test.ts does not reach by name:
// the seed's method names (calculateFisherInformation*), extractRawData,
// extractObservablesAndWeights and the nuisance constraint term, against the Python
// MadMiner's values in ../shared/reference/expected.json. Deterministic float64:
// 1e-9 relative with an absolute floor of 1e-12 × the scale (reference README).
import { describe, expect, it } from "vitest";
import { FisherInformation } from "../src/index.js";
import { noShared } from "../../../tools/test-support/shared.js";
import { flat, json, referenceSource, relErr } from "./helpers.js";

const TOL = 1e-9;
const L = 300000;

describe.skipIf(noShared())("FisherInformation: the seed's names and the raw-data accessors", () => {
  const ex = () => json("reference", "expected.json");

  it("calculateFisherInformation* and histogramOfFisherInformation give Python's matrices", async () => {
    const p = ex().fisher.points[1];
    const fi = new FisherInformation(referenceSource());
    const truth = await fi.calculateFisherInformationFullTruth(p.theta, { luminosity: L });
    expect(relErr(truth.information, p.truth_information.information)).toBeLessThan(TOL);
    expect(relErr(truth.covariance, p.truth_information.covariance)).toBeLessThan(TOL);
    const rate = await fi.calculateFisherInformationRate(p.theta, { luminosity: L });
    expect(relErr(rate.information, p.rate_information.information)).toBeLessThan(TOL);
    const h = p.histo_information_fixed_bins;
    const h1 = await fi.calculateFisherInformationHist1d(p.theta, { luminosity: L, observable: h.args.observable, bins: h.args.bins, histrange: h.args.histrange });
    expect(relErr(h1.information, h.information)).toBeLessThan(TOL);
    const a = p.histo_information_2d.args;
    const h2 = await fi.calculateFisherInformationHist2d(p.theta, { luminosity: L, observable1: a.observable1, bins1: a.bins1, histrange1: a.histrange1, observable2: a.observable2, bins2: a.bins2, histrange2: a.histrange2 });
    expect(relErr(h2.information, p.histo_information_2d.information)).toBeLessThan(TOL);
    const hi = p.histogram_of_information;
    const hoi = await fi.histogramOfFisherInformation(p.theta, { observable: hi.args.observable, nbins: hi.args.nbins, histrange: hi.args.histrange, luminosity: L });
    expect(relErr(hoi.fisherInfosFull, hi.fisher_infos_full)).toBeLessThan(TOL);
    expect(fi.nuisanceConstraintInformation()).toEqual(ex().fisher.nuisance_constraint_information);
  });

  it("extractRawData and extractObservablesAndWeights: Python's weighted events (factor-scaled weights)", async () => {
    const e = ex().weighted_events;
    const fi = new FisherInformation(referenceSource());
    const raw = await fi.extractRawData();
    expect(raw.n).toBe(e.n_all_events);
    expect(relErr(raw.x.subarray(0, 24), flat(e.first6_observations))).toBe(0);
    expect(relErr(raw.weights.subarray(0, 36), flat(e.first6_benchmark_weights))).toBeLessThan(1e-15);
    const at = await fi.extractRawData(e.theta);
    expect(relErr(at.weights.subarray(0, 6), e.first6_weights_at_theta)).toBeLessThan(TOL);

    // Two points: the weights at e.theta (row 0) and at benchmark 'w' (row 1, nThetas × nEvents).
    const ow = await fi.extractObservablesAndWeights([e.theta, "w"]);
    expect([ow.nThetas, ow.nEvents]).toEqual([2, e.n_all_events]);
    expect(relErr(ow.x.subarray(0, 24), flat(e.first6_observations))).toBe(0);
    expect(relErr(ow.weights.subarray(0, 6), e.first6_weights_at_theta)).toBeLessThan(TOL);
    let sum = 0;
    for (let r = 0; r < ow.nEvents; r++) sum += ow.weights[r];
    expect(Math.abs(sum - e.sum_all_weights_at_theta) / Math.abs(e.sum_all_weights_at_theta)).toBeLessThan(TOL);
    expect(relErr(ow.weights.subarray(ow.nEvents, ow.nEvents + 6), e.first6_weights_benchmark1_by_name)).toBeLessThan(1e-15);
  });
});
