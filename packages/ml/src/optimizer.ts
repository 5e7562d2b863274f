// Optimisers in JS over Float32Arrays (as fast as doing the update in the
// graph for networks of this size): Adam, AMSGrad and SGD with Nesterov momentum,
// with PyTorch's update formulas.

/** Optimiser name (MadMiner's `trainer`). */
export type TrainerName = "adam" | "amsgrad" | "sgd";

/** An optimiser updating parameters in place. */
export interface Optimizer {
  step(params: Float32Array[], grads: ArrayLike<number>[], lr: number): void;
}

/** Adam (Kingma & Ba) and its AMSGrad variant; betas (0.9, 0.999), eps 1e-8 as in PyTorch. */
export class Adam implements Optimizer {
  private m: Float64Array[] = [];
  private v: Float64Array[] = [];
  private vmax: Float64Array[] = [];
  private t = 0;
  constructor(private readonly amsgrad = false, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {}

  step(params: Float32Array[], grads: ArrayLike<number>[], lr: number): void {
    if (this.m.length === 0) {
      this.m = params.map((p) => new Float64Array(p.length));
      this.v = params.map((p) => new Float64Array(p.length));
      if (this.amsgrad) this.vmax = params.map((p) => new Float64Array(p.length));
    }
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const bc1 = 1 - b1 ** this.t;
    const bc2s = Math.sqrt(1 - b2 ** this.t);
    const stepSize = lr / bc1;
    for (let k = 0; k < params.length; k++) {
      const p = params[k];
      const g = grads[k];
      const m = this.m[k];
      const v = this.v[k];
      const vm = this.amsgrad ? this.vmax[k] : v;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        if (this.amsgrad && v[i] > vm[i]) vm[i] = v[i];
        p[i] -= (stepSize * m[i]) / (Math.sqrt(vm[i]) / bc2s + eps);
      }
    }
  }
}

/** Stochastic gradient descent with optional (Nesterov) momentum, PyTorch convention. */
export class SGD implements Optimizer {
  private buf: Float64Array[] = [];
  constructor(private readonly momentum = 0, private readonly nesterov = true) {}

  step(params: Float32Array[], grads: ArrayLike<number>[], lr: number): void {
    const mu = this.momentum;
    if (mu > 0 && this.buf.length === 0) this.buf = params.map((p) => new Float64Array(p.length));
    for (let k = 0; k < params.length; k++) {
      const p = params[k];
      const g = grads[k];
      if (mu === 0) {
        for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
        continue;
      }
      const b = this.buf[k];
      for (let i = 0; i < p.length; i++) {
        b[i] = mu * b[i] + g[i];
        p[i] -= lr * (this.nesterov ? g[i] + mu * b[i] : b[i]);
      }
    }
  }
}

/** Creates the optimiser MadMiner's `trainer` option names. */
export function makeOptimizer(name: TrainerName, nesterovMomentum: number | null = null): Optimizer {
  if (name === "adam") return new Adam(false);
  if (name === "amsgrad") return new Adam(true);
  return new SGD(nesterovMomentum ?? 0, nesterovMomentum !== null);
}

/** Learning rate of an epoch: exponential decay from initialLr (first epoch) to finalLr (last). */
export function learningRate(epoch: number, nEpochs: number, initialLr: number, finalLr: number): number {
  if (nEpochs <= 1) return initialLr;
  return initialLr * (finalLr / initialLr) ** (epoch / (nEpochs - 1));
}
