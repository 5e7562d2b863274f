// Every gradient rule is checked against central finite differences on a
// float64 build of the same graph. With step h = 1e-5 the truncation error is
// O(h^2) ~ 1e-10 relative and the rounding error ~ 1e-16/1e-5 = 1e-11, so a
// relative tolerance of 1e-7 (with an absolute floor of 1e-9) is conservative.
import { describe, expect, it } from "vitest";
import { Graph, Session, gradients, serializeGraph } from "../src/index.js";

type Build = (g: Graph, p: string[]) => string;

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function check(shapes: number[][], build: Build, opts: { positive?: boolean; seed?: number; second?: boolean } = {}) {
  const rnd = lcg(opts.seed ?? 1);
  const g = new Graph("float64");
  const params = shapes.map((s, i) => g.param(`p${i}`, s));
  let y = build(g, params);
  // Contract with fixed random weights so that every output element matters.
  const ys = g.shape(y) as number[];
  const w = Array.from({ length: ys.reduce((a, b) => a * b, 1) }, () => rnd() * 2 - 1);
  y = g.reduceSum(g.mul(y, g.constant(w, ys)), ys.map((_, i) => i), false);
  if (opts.second) {
    // Reverse over reverse: the loss is a function of the first gradient.
    const g1 = gradients(g, y, [params[0]]);
    y = g.reduceSum(g.square(g1[0]), g.shape(g1[0]).map((_, i) => i), false);
  }
  const grads = gradients(g, y, params);
  g.output(y);
  grads.forEach((gr) => g.output(gr));
  const session = await Session.create(serializeGraph(g));
  const values = shapes.map((s) => Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => (opts.positive ? 0.5 + rnd() : rnd() * 2 - 1)));
  const run = async (vals: Float64Array[]) => {
    const feeds: Record<string, { data: Float64Array; dims: number[] }> = {};
    params.forEach((p, i) => (feeds[p] = { data: vals[i], dims: shapes[i] }));
    return session.run(feeds);
  };
  const base = await run(values);
  const h = 1e-5;
  for (let i = 0; i < params.length; i++) {
    const an = base[grads[i]].data;
    for (let j = 0; j < values[i].length; j++) {
      const plus = values.map((v) => v.slice());
      const minus = values.map((v) => v.slice());
      plus[i][j] += h;
      minus[i][j] -= h;
      const fd = ((await run(plus))[y].data[0] - (await run(minus))[y].data[0]) / (2 * h);
      expect(Math.abs(an[j] - fd)).toBeLessThanOrEqual(1e-7 * Math.abs(fd) + 1e-9);
    }
  }
}

describe("gradient rules vs central finite differences (float64)", () => {
  it("MatMul", () => check([[3, 4], [4, 2]], (g, [a, b]) => g.matmul(a, b)));
  it("Gemm with transposes, alpha, beta and broadcast bias", async () => {
    await check([[4, 3], [2, 4], [1, 2]], (g, [a, b, c]) => g.gemm(a, b, c, { transA: true, transB: true, alpha: 0.7, beta: 1.3 }));
    await check([[3, 4], [4, 2], [2]], (g, [a, b, c]) => g.gemm(a, b, c));
  });
  it("Add / Sub / Mul / Div with broadcasting", async () => {
    await check([[3, 2], [2]], (g, [a, b]) => g.add(a, b));
    await check([[3, 2], [3, 1]], (g, [a, b]) => g.sub(a, b));
    await check([[3, 2], [1, 2]], (g, [a, b]) => g.mul(a, b));
    await check([[3, 2], [2]], (g, [a, b]) => g.div(a, b), { positive: true });
  });
  it("Neg, Tanh, Sigmoid, Relu, Exp, Log, Softplus, Pow(square), Pow(3)", async () => {
    for (const f of ["neg", "tanh", "sigmoid", "relu", "exp", "softplus", "abs", "square"] as const) await check([[3, 2]], (g, [a]) => g[f](a));
    await check([[3, 2]], (g, [a]) => g.log(a), { positive: true });
    await check([[3, 2]], (g, [a]) => g.pow(a, 3));
    await check([[3, 2]], (g, [a]) => g.clip(a, -0.5, 0.5));
  });
  it("ReduceSum / ReduceMean (keepdims on and off)", async () => {
    await check([[3, 4]], (g, [a]) => g.reduceSum(a, [1], false));
    await check([[3, 4]], (g, [a]) => g.reduceSum(a, [0], true));
    await check([[3, 4]], (g, [a]) => g.reduceMean(a, [0], false));
    await check([[3, 4]], (g, [a]) => g.reduceMean(a, [0, 1], true));
  });
  it("Reshape, Transpose, Slice, Concat, Unsqueeze", async () => {
    await check([[3, 4]], (g, [a]) => g.reshape(a, [2, -1]));
    await check([[3, 4]], (g, [a]) => g.transpose(a));
    await check([[3, 5]], (g, [a]) => g.slice(a, 1, 1, 3));
    await check([[3, 2], [3, 3]], (g, [a, b]) => g.concat([a, b], 1));
    await check([[3, 2]], (g, [a]) => g.unsqueeze(a, [1]));
  });
  it("second order (reverse over reverse) through a tanh MLP", async () => {
    await check(
      [[2, 3], [3, 4], [4], [4, 1]],
      (g, [x, w1, b1, w2]) => g.matmul(g.tanh(g.add(g.matmul(x, w1), b1)), w2),
      { second: true },
    );
    await check([[2, 3], [3, 2]], (g, [x, w]) => g.sigmoid(g.matmul(x, w)), { second: true });
    await check([[2, 3], [3, 2]], (g, [x, w]) => g.softplus(g.exp(g.matmul(x, w))), { second: true });
  });
});
