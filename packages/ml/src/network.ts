// The estimator networks as graph fragments: local score (SALLY), singly and
// doubly parameterised log-likelihood-ratio networks. Input scaling is part of
// the graph (constants), so an exported model takes raw observables; the score
// of a ratio network is its exact gradient w.r.t. the raw theta input, built
// by the reverse-mode differentiator inside the same graph.
import type { Graph } from "./graph.js";
import { gradients } from "./autodiff.js";
import { tangents } from "./forward.js";
import { applyMLP, type Activation, type MLPSpec } from "./mlp.js";

/** What an estimator network models. */
export type EstimatorKind = "score" | "parameterized_ratio" | "double_parameterized_ratio";

/** Architecture of an estimator network. */
export interface NetworkSpec {
  kind: EstimatorKind;
  /** Number of observables fed to the network (after feature selection). */
  nObservables: number;
  nParameters: number;
  nHidden: number[];
  activation: Activation;
}

/**
 * How the score d log r / d theta is built into the graph: "reverse" (one
 * backward pass gives every theta column; the default) or "forward" (one
 * tangent pass per theta component, ML-ENGINE.md's prototype design).
 */
export type ScoreMode = "reverse" | "forward";

/** Affine input scaling: (v - mean) / std per column. */
export interface Scaling {
  xMeans: number[];
  xStds: number[];
  thetaMeans?: number[];
  thetaStds?: number[];
}

/** Names of the tensors of a built forward graph. */
export interface ForwardTensors {
  x: string;
  theta0?: string;
  theta1?: string;
  /** (N, P) estimated score for score networks, (N, 1) log r for ratio networks. */
  output: string;
  /** d log r / d theta0, (N, P). */
  score0?: string;
  /** Score at theta1, -d log r / d theta1, (N, P) (doubly parameterised only). */
  score1?: string;
  /** d log r / d x, (N, D); for score networks the Jacobian d t / d x, (N, P, D). */
  gradX?: string;
}

/** The MLP inside an estimator network. */
export function mlpSpec(spec: NetworkSpec): MLPSpec {
  const nTheta = spec.kind === "score" ? 0 : spec.kind === "parameterized_ratio" ? spec.nParameters : 2 * spec.nParameters;
  return {
    nInputs: spec.nObservables + nTheta,
    nHidden: spec.nHidden,
    nOutputs: spec.kind === "score" ? spec.nParameters : 1,
    activation: spec.activation,
  };
}

function scale(g: Graph, v: string, means?: number[], stds?: number[]): string {
  if (!means || !stds) return v;
  const inv = stds.map((s) => 1 / s);
  return g.mul(g.sub(v, g.constant(means, [means.length])), g.constant(inv, [inv.length]));
}

/**
 * Builds the forward network. Inputs: `x` (N, D) and, for ratio networks,
 * `theta` (N, P) or `theta0`, `theta1`. `withScore` adds the gradients w.r.t.
 * theta, `withGradX` the gradient w.r.t. x.
 */
export function buildForward(g: Graph, spec: NetworkSpec, scaling: Scaling | null, o: { withScore?: boolean; withGradX?: boolean; scoreMode?: ScoreMode } = {}): ForwardTensors {
  const D = spec.nObservables;
  const P = spec.nParameters;
  const mlp = mlpSpec(spec);
  const x = g.input("x", ["N", D]);
  const xs = scale(g, x, scaling?.xMeans, scaling?.xStds);
  if (spec.kind === "score") {
    const t = applyMLP(g, mlp, xs);
    if (!o.withGradX) return { x, output: t };
    // Jacobian d t_k / d x as (N, P, D): one backward pass per score component.
    const rows = Array.from({ length: P }, (_, k) => {
      const onehot = Array.from({ length: P }, (_, j) => (j === k ? 1 : 0));
      const [gx] = gradients(g, t, [x], g.expandLike(g.constant(onehot, [1, P]), t));
      return g.unsqueeze(gx, [1]);
    });
    return { x, output: t, gradX: P === 1 ? rows[0] : g.concat(rows, 1) };
  }
  const tm = scaling?.thetaMeans;
  const ts = scaling?.thetaStds;
  let theta0: string;
  let theta1: string | undefined;
  let logr: string;
  if (spec.kind === "parameterized_ratio") {
    theta0 = g.input("theta", ["N", P]);
    logr = applyMLP(g, mlp, g.concat([scale(g, theta0, tm, ts), xs], 1));
  } else {
    theta0 = g.input("theta0", ["N", P]);
    theta1 = g.input("theta1", ["N", P]);
    const t0 = scale(g, theta0, tm, ts);
    const t1 = scale(g, theta1, tm, ts);
    // Antisymmetric by construction: log r(x|t0,t1) = f(t0,t1,x) - f(t1,t0,x).
    logr = g.sub(applyMLP(g, mlp, g.concat([t0, t1, xs], 1)), applyMLP(g, mlp, g.concat([t1, t0, xs], 1)));
  }
  const out: ForwardTensors = { x, theta0, theta1, output: logr };
  const forward = o.withScore && o.scoreMode === "forward";
  if (forward) {
    // One tangent pass per theta component, seeded with e_k on the raw theta input.
    const dir = (input: string) => {
      const cols = Array.from({ length: P }, (_, k) => {
        const onehot = Array.from({ length: P }, (_, j) => (j === k ? 1 : 0));
        return tangents(g, [logr], { [input]: g.expandLike(g.constant(onehot, [1, P]), input) })[0];
      });
      return P === 1 ? cols[0] : g.concat(cols, 1);
    };
    out.score0 = dir(theta0);
    if (theta1) out.score1 = g.neg(dir(theta1));
  }
  const wrt: string[] = [];
  if (o.withScore && !forward) wrt.push(theta0, ...(theta1 ? [theta1] : []));
  if (o.withGradX) wrt.push(x);
  if (wrt.length) {
    const gr = gradients(g, logr, wrt);
    let k = 0;
    if (o.withScore && !forward) {
      out.score0 = gr[k++];
      // The score at theta1 is d log p(x|theta1) / d theta1 = -d log r / d theta1.
      if (theta1) out.score1 = g.neg(gr[k++]);
    }
    if (o.withGradX) out.gradX = gr[k++];
  }
  return out;
}
