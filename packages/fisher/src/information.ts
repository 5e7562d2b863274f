// The Fisher information of weighted "events" (events, histogram bins, or the
// total rate) and its four-index covariance, MATH.md §3, with the
// conventions of MadMiner's FisherInformation._calculate_fisher_information:
//   sigma_n = sum_b w_b(theta) W_nb,  dsigma_in = sum_b dw_b/dtheta_i W_nb,
//   I_ij   = L sum_n dsigma_in dsigma_jn / sigma_n      (1/sigma = 0 where not finite)
// and, with u_nb the statistical uncertainty of W_nb (default u = W) and the
// inputs of one event fully correlated across benchmarks,
//   v_ij(n) = L [ (dth_i·u_n) dsigma_jn / sigma_n + (dth_j·u_n) dsigma_in / sigma_n
//                 + (th·u_n) dsigma_in dsigma_jn / sigma_n^2 ]
//   Cov_ijkl = sum_n v_ij(n) v_kl(n).
// (The sign of the last term is MadMiner's.) This is the einsum
// "ijnb,nbc,klnc->ijkl" of the Python code without its per-event triple loop:
// one pass, O(n P^4) work, no n × B × B array.

const fin = (x: number) => (Number.isFinite(x) ? x : 0);

/** What an `InformationAccumulator` needs: the morphing weights and their gradients at theta, the sizes, and the luminosity (pb^-1). */
export interface InformationInput {
  /** Morphing weights at theta, length >= B_phys (only the first B_phys are used). */
  thetaMatrix: Float64Array;
  /** Gradients, P × Bm row-major (Bm = the length of one row). */
  dthetaMatrix: Float64Array;
  nParameters: number;
  /** Number of physics benchmarks (columns used). */
  nBenchmarksPhys: number;
  luminosity: number;
}

/** Accumulates I (P×P) and, optionally, Cov (P^4) over rows of benchmark weights. */
export class InformationAccumulator {
  readonly information: Float64Array;
  readonly covariance: Float64Array | null;
  private readonly P: number;
  private readonly Bp: number;
  private readonly th: Float64Array;
  private readonly dth: Float64Array;
  private readonly L: number;
  private readonly ds: Float64Array;
  private readonly v: Float64Array;
  private readonly a: Float64Array;

  constructor(input: InformationInput, withCovariance: boolean) {
    const P = input.nParameters;
    this.P = P;
    this.L = input.luminosity;
    const Bm = input.dthetaMatrix.length / P;
    this.Bp = Math.min(input.nBenchmarksPhys, input.thetaMatrix.length, Bm);
    this.th = input.thetaMatrix.subarray(0, this.Bp);
    // compact P × Bp copy
    this.dth = new Float64Array(P * this.Bp);
    for (let i = 0; i < P; i++) for (let b = 0; b < this.Bp; b++) this.dth[i * this.Bp + b] = input.dthetaMatrix[i * Bm + b];
    this.information = new Float64Array(P * P);
    this.covariance = withCovariance ? new Float64Array(P ** 4) : null;
    this.ds = new Float64Array(P);
    this.v = new Float64Array(P * P);
    this.a = new Float64Array(P);
  }

  /**
   * Adds rows of weights (n × stride, first B_phys columns used). `uncertainties` (same layout)
   * replaces u = W in the covariance. `perRow` (n × P × P) receives each row's information.
   */
  add(weights: Float64Array, n: number, stride: number, uncertainties: Float64Array | null = null, perRow: Float64Array | null = null): void {
    const { P, Bp, th, dth, L, ds, v, a } = this;
    const info = this.information;
    const cov = this.covariance;
    for (let r = 0; r < n; r++) {
      const o = r * stride;
      let sigma = 0;
      for (let b = 0; b < Bp; b++) sigma += th[b] * weights[o + b];
      const inv = fin(1.0 / sigma);
      for (let i = 0; i < P; i++) {
        let s = 0;
        for (let b = 0; b < Bp; b++) s += dth[i * Bp + b] * weights[o + b];
        ds[i] = s;
      }
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < P; j++) {
          const f = L * inv * ds[i] * ds[j];
          info[i * P + j] += f;
          if (perRow) perRow[r * P * P + i * P + j] = f;
        }
      }
      if (cov) {
        const u = uncertainties ?? weights;
        let c = 0;
        for (let b = 0; b < Bp; b++) c += th[b] * u[o + b];
        for (let i = 0; i < P; i++) {
          let s = 0;
          for (let b = 0; b < Bp; b++) s += dth[i * Bp + b] * u[o + b];
          a[i] = s;
        }
        for (let i = 0; i < P; i++) {
          for (let j = 0; j < P; j++) {
            v[i * P + j] = L * (fin(a[i] * ds[j] * inv) + fin(a[j] * ds[i] * inv) + fin(c * ds[i] * ds[j] * inv * inv));
          }
        }
        const PP = P * P;
        for (let x = 0; x < PP; x++) {
          const vx = v[x];
          if (vx === 0) continue;
          for (let y = 0; y < PP; y++) cov[x * PP + y] += vx * v[y];
        }
      }
    }
  }
}

/** P×P row-major → nested arrays. */
export function toMatrix(a: ArrayLike<number>, P: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < P; i++) out.push(Array.from({ length: P }, (_, j) => a[i * P + j]));
  return out;
}

/** P^4 row-major → nested [i][j][k][l]. */
export function toCovariance(a: ArrayLike<number>, P: number): number[][][][] {
  const out: number[][][][] = [];
  for (let i = 0; i < P; i++) {
    const ii: number[][][] = [];
    for (let j = 0; j < P; j++) {
      const jj: number[][] = [];
      for (let k = 0; k < P; k++) jj.push(Array.from({ length: P }, (_, l) => a[((i * P + j) * P + k) * P + l]));
      ii.push(jj);
    }
    out.push(ii);
  }
  return out;
}
