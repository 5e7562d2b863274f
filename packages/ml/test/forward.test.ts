// Forward-mode tangents: equal to reverse-mode gradients on float64 graphs
// (1e-12 relative: same arithmetic, different association), and a loss built
// on tangents differentiates correctly (reverse over forward) against central
// finite differences (1e-7 relative, as in autodiff.test.ts).
import { describe, expect, it } from "vitest";
import { Graph, Session, buildForward, buildLoss, gradients, serializeGraph, tangents, mlpParameterShapes, mlpSpec, type NetworkSpec } from "../src/index.js";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe("forward-mode tangents", () => {
  it("J v from tangents equals v^T J from gradients for a tanh MLP with Concat, Div, Exp", async () => {
    const g = new Graph("float64");
    const x = g.input("x", [4, 3]);
    const w = g.param("w", [3, 2]);
    const h = g.tanh(g.gemm(x, w, g.constant([0.1, -0.2], [2])));
    const z = g.div(g.exp(g.concat([h, g.slice(x, 1, 0, 1)], 1)), g.add(g.constant(2), g.reduceSum(g.sigmoid(x), [1], true)));
    const y = g.reduceSum(z, [1], true); // (4, 1): one scalar per row, so the row-wise gradient is the Jacobian row
    const [grad] = gradients(g, y, [x]);
    const cols = [0, 1, 2].map((k) => tangents(g, [y], { [x]: g.expandLike(g.constant([0, 1, 2].map((j) => (j === k ? 1 : 0)), [1, 3]), x) })[0]);
    const tan = g.concat(cols, 1);
    g.output(grad);
    g.output(tan);
    const s = await Session.create(serializeGraph(g));
    const rnd = lcg(4);
    const res = await s.run({ x: { data: Float64Array.from({ length: 12 }, rnd), dims: [4, 3] }, w: { data: Float64Array.from({ length: 6 }, rnd), dims: [3, 2] } });
    const a = res[grad].data;
    const b = res[tan].data;
    for (let i = 0; i < 12; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * Math.abs(a[i]) + 1e-15);
  });

  it("alices2 loss with forward-mode scores: weight gradients match finite differences", async () => {
    const spec: NetworkSpec = { kind: "double_parameterized_ratio", nObservables: 2, nParameters: 2, nHidden: [5], activation: "tanh" };
    const g = new Graph("float64");
    const f = buildForward(g, spec, { xMeans: [0.1, 0.2], xStds: [1.5, 0.7], thetaMeans: [0, 0.1], thetaStds: [1, 2] }, { withScore: true, scoreMode: "forward" });
    const loss = buildLoss(g, "alices2", f, 2, { alpha: 0.7 });
    const grads = gradients(g, loss, g.params);
    g.output(loss);
    grads.forEach((x) => g.output(x));
    const s = await Session.create(serializeGraph(g));
    const rnd = lcg(9);
    const N = 6;
    const data: Record<string, { data: Float64Array; dims: number[] }> = {
      x: { data: Float64Array.from({ length: N * 2 }, rnd), dims: [N, 2] },
      theta0: { data: Float64Array.from({ length: N * 2 }, rnd), dims: [N, 2] },
      theta1: { data: Float64Array.from({ length: N * 2 }, rnd), dims: [N, 2] },
      y: { data: Float64Array.from({ length: N }, (_, i) => i % 2), dims: [N, 1] },
      r_xz: { data: Float64Array.from({ length: N }, () => Math.exp(rnd())), dims: [N, 1] },
      t_xz0: { data: Float64Array.from({ length: N * 2 }, rnd), dims: [N, 2] },
      t_xz1: { data: Float64Array.from({ length: N * 2 }, rnd), dims: [N, 2] },
    };
    const shapes = mlpParameterShapes(mlpSpec(spec));
    const params = shapes.map((p) => Float64Array.from({ length: p.shape.reduce((a, b) => a * b, 1) }, rnd));
    const run = async (ps: Float64Array[]) => {
      const feeds = { ...data };
      shapes.forEach((p, i) => (feeds[p.name] = { data: ps[i], dims: p.shape }));
      return s.run(feeds);
    };
    const base = await run(params);
    const h = 1e-5;
    for (let i = 0; i < shapes.length; i++)
      for (let j = 0; j < params[i].length; j += 3) {
        const up = params.map((p) => p.slice());
        const dn = params.map((p) => p.slice());
        up[i][j] += h;
        dn[i][j] -= h;
        const fd = ((await run(up))[loss].data[0] - (await run(dn))[loss].data[0]) / (2 * h);
        const an = base[grads[g.params.indexOf(shapes[i].name)]].data[j];
        expect(Math.abs(an - fd)).toBeLessThanOrEqual(1e-7 * Math.abs(fd) + 1e-9);
      }
  });
});
