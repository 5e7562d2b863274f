import { describe, expect, it } from "vitest";
import { FisherInformation, profileInformation, projectInformation } from "../src/index.js";
import { noShared } from "../../../tools/test-support/shared.js";
import { json, referenceSource, relErr } from "./helpers.js";

// Deterministic float64 results: 1e-9 relative (only summation order differs from numpy),
// absolute floor 1e-12 × matrix scale for entries that cancel (reference/README.md).
const TOL = 1e-9;
const L = 300000;

describe.skipIf(noShared())("FisherInformation vs Python MadMiner on reference/events.h5", () => {
  const points = () => json("reference", "expected.json").fisher.points as any[];
  for (const idx of [0, 1]) {
    describe(`theta point ${idx}`, () => {
      const fi = () => new FisherInformation(referenceSource());
      const e = () => points()[idx];
      const th = () => e().theta as number[];

      it("truth information (plain, and with cuts and efficiencies)", async () => {
        const r = await fi().truthInformation(th(), { luminosity: L });
        expect(relErr(r.information, e().truth_information.information)).toBeLessThan(TOL);
        expect(relErr(r.covariance, e().truth_information.covariance)).toBeLessThan(TOL);
        const c = e().truth_information_with_cuts_and_efficiencies;
        const rc = await fi().truthInformation(th(), { luminosity: L, cuts: c.cuts, efficiencyFunctions: c.efficiency_functions });
        expect(relErr(rc.information, c.information)).toBeLessThan(TOL);
        expect(relErr(rc.covariance, c.covariance)).toBeLessThan(TOL);
      });

      it("rate information (plain, and with cuts and efficiencies) and total xsec", async () => {
        const r = await fi().rateInformation(th(), { luminosity: L });
        expect(relErr(r.information, e().rate_information.information)).toBeLessThan(TOL);
        expect(relErr(r.covariance, e().rate_information.covariance)).toBeLessThan(TOL);
        const c = e().rate_information_with_cuts_and_efficiencies;
        const cuts = e().truth_information_with_cuts_and_efficiencies;
        const rc = await fi().rateInformation(th(), { luminosity: L, cuts: c.cuts ?? cuts.cuts, efficiencyFunctions: c.efficiency_functions ?? cuts.efficiency_functions });
        expect(relErr(rc.information, c.information)).toBeLessThan(TOL);
        expect(relErr(rc.covariance, c.covariance)).toBeLessThan(TOL);
        const x = await fi().calculateXsec({ theta: th() });
        const ex = e()["total_xsec_pb_FisherInformation._calculate_xsec"];
        expect(relErr(x.xsec[0], typeof ex === "number" ? ex : ex.xsec ?? ex)).toBeLessThan(TOL);
      });

      it("1D histograms: fixed range, explicit bins, equal-xsec bins, expression with cuts", async () => {
        for (const key of ["histo_information_fixed_bins", "histo_information_explicit_bins", "histo_information_dynamic_bins", "histo_information_expression_observable_with_cuts"]) {
          const c = e()[key];
          const r = await fi().histoInformation(th(), { luminosity: L, observable: c.args.observable, bins: c.args.bins, histrange: c.args.histrange ?? null, cuts: c.cuts });
          if (c.bin_boundaries) expect(relErr(r.binBoundaries, c.bin_boundaries), key).toBeLessThan(TOL);
          expect(relErr(r.information, c.information), key).toBeLessThan(TOL);
          expect(relErr(r.covariance, c.covariance), key).toBeLessThan(TOL);
        }
      });

      it("2D histogram (i1 * n2 + i2), and the ordering that trips Python's assertion works", async () => {
        const c = e().histo_information_2d;
        const a = c.args;
        const r = await fi().histoInformation2d(th(), { luminosity: L, observable1: a.observable1, bins1: a.bins1, histrange1: a.histrange1, observable2: a.observable2, bins2: a.bins2, histrange2: a.histrange2 });
        expect(relErr(r.information, c.information)).toBeLessThan(TOL);
        expect(relErr(r.covariance, c.covariance)).toBeLessThan(TOL);
        const b = e().histo_information_2d_known_bug.args;
        const swapped = await fi().histoInformation2d(th(), { luminosity: L, observable1: b.observable1, bins1: b.bins1, histrange1: b.histrange1, observable2: b.observable2, bins2: b.bins2, histrange2: b.histrange2 });
        // a 2D histogram's information does not depend on the axis order when the binnings are the same
        const same = await fi().histoInformation2d(th(), { luminosity: L, observable1: b.observable2, bins1: b.bins2, histrange1: b.histrange2, observable2: b.observable1, bins2: b.bins1, histrange2: b.histrange1 });
        expect(relErr(swapped.information, same.information)).toBeLessThan(1e-12);
      });

      it("histogram of information and of sigma / dsigma", async () => {
        const c = e().histogram_of_information;
        const r = await fi().histogramOfInformation(th(), { observable: c.args.observable, nbins: c.args.nbins, histrange: c.args.histrange, luminosity: L });
        expect(relErr(r.binBoundaries, c.bin_boundaries)).toBeLessThan(TOL);
        expect(relErr(r.sigmaBins, c.sigma_bins_pb)).toBeLessThan(TOL);
        expect(relErr(r.fisherInfosRate, c.fisher_infos_rate)).toBeLessThan(TOL);
        expect(relErr(r.fisherInfosFull, c.fisher_infos_full)).toBeLessThan(TOL);
        const s = e().histogram_of_sigma_dsigma;
        const rs = await fi().histogramOfSigmaDsigma(th(), { observable: c.args.observable, nbins: c.args.nbins, histrange: c.args.histrange });
        expect(relErr(rs.sigmaBins, s.sigma_bins_pb)).toBeLessThan(TOL);
        expect(relErr(rs.dsigmaBins, s.dsigma_bins_pb)).toBeLessThan(TOL);
      });
    });
  }
});

describe.skipIf(noShared())("profile and project vs Python MadMiner", () => {
  it("reproduces information_manipulation", () => {
    const m = json("reference", "expected.json").information_manipulation;
    const I = m.fisher_information as number[][];
    const n = I.length;
    const cov: number[][][][] = [];
    for (let i = 0; i < n; i++) {
      cov.push([]);
      for (let j = 0; j < n; j++) {
        cov[i].push([]);
        for (let k = 0; k < n; k++) {
          cov[i][j].push([]);
          for (let l = 0; l < n; l++) cov[i][j][k].push(0.01 * (1 + i + 2 * j) * (1 + k + 2 * l) + (i === k && j === l ? 0.05 : 0));
        }
      }
    }
    for (const key of Object.keys(m)) {
      const mm = /^(profile|project)_information_remaining=(\[.*\])$/.exec(key);
      if (mm) {
        const remaining = JSON.parse(mm[2]) as number[];
        const r = mm[1] === "profile" ? profileInformation(I, remaining) : projectInformation(I, remaining);
        expect(relErr(r, m[key]), key).toBeLessThan(TOL);
      }
      const mc = /^project_information_with_covariance_remaining=(\[.*\])$/.exec(key);
      if (mc) {
        const r = projectInformation(I, JSON.parse(mc[1]), cov);
        expect(relErr(r.information, m[key].information), key).toBeLessThan(TOL);
        expect(relErr(r.covariance, m[key].covariance), key).toBeLessThan(TOL);
      }
    }
    const toy = m["profile_information_with_covariance_remaining=[0,2]_seed31_n1000_factor1e-3"];
    const p = profileInformation(I, [0, 2], { covariance: cov, seed: 31 });
    expect(relErr(p.information, toy.information)).toBeLessThan(TOL);
    // toy covariance: statistical (1000 toys): agree within 20 % on the diagonal
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
      const want = toy.covariance_from_toys[a][b][a][b];
      expect(Math.abs(p.covariance[a][b][a][b] - want)).toBeLessThan(0.2 * Math.abs(want) + 1e-6);
    }
  });
});
