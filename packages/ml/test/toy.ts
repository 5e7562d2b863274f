// Analytic toy: latent z ~ N(theta, 1), observed x = z + N(0, 1), so
// p(x|theta) = N(x; theta, 2). Closed forms:
//   log r(x|t0,t1) = ((x - t1)^2 - (x - t0)^2) / 4,   t(x|theta) = (x - theta) / 2,
// and the augmented (joint) quantities used for training:
//   log r(x,z|t0,t1) = ((z - t1)^2 - (z - t0)^2) / 2,  t(x,z|theta) = z - theta.
import { RandomState } from "@mm/util";

export interface ToySample {
  n: number;
  x: Float64Array;
  theta0: Float64Array;
  theta1: Float64Array;
  y: Float64Array;
  r: Float64Array;
  t0: Float64Array;
  t1: Float64Array;
}

export const trueLogR = (x: number, t0: number, t1: number) => ((x - t1) ** 2 - (x - t0) ** 2) / 4;
export const trueScore = (x: number, theta: number) => (x - theta) / 2;

/** Ratio training sample: theta0 ~ U(-1,1); theta1 fixed (single) or ~ U(-1,1) (double); y ~ Bernoulli(1/2). */
export function ratioSample(n: number, seed: number, theta1Fixed: number | null): ToySample {
  const rng = new RandomState(seed);
  const s: ToySample = { n, x: new Float64Array(n), theta0: new Float64Array(n), theta1: new Float64Array(n), y: new Float64Array(n), r: new Float64Array(n), t0: new Float64Array(n), t1: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const t0 = (rng.uniform(-1, 1) as number);
    const t1 = theta1Fixed ?? (rng.uniform(-1, 1) as number);
    const y = (rng.rand() as number) < 0.5 ? 0 : 1;
    const z = (y === 0 ? t0 : t1) + rng.nextGauss();
    const x = z + rng.nextGauss();
    s.x[i] = x;
    s.theta0[i] = t0;
    s.theta1[i] = t1;
    s.y[i] = y;
    s.r[i] = Math.exp(((z - t1) ** 2 - (z - t0) ** 2) / 2);
    s.t0[i] = z - t0;
    s.t1[i] = z - t1;
  }
  return s;
}

/** Local score sample at theta = 0: x and the joint score t(x,z|0) = z. */
export function scoreSample(n: number, seed: number): { x: Float64Array; t: Float64Array } {
  const rng = new RandomState(seed);
  const x = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = rng.nextGauss();
    x[i] = z + rng.nextGauss();
    t[i] = z;
  }
  return { x, t };
}
