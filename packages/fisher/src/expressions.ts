// Cuts, efficiencies and histogram observables: Python expressions over the
// observable names (LAYOUT.md "/observables"), compiled once by @mm/expr
// (no eval) and evaluated per event.
import { compile, evaluateNumber, truthy, type CompiledExpression } from "@mm/expr";
import { InputError } from "@mm/util";

/**
 * Cuts, efficiencies and histogram observables of the Fisher information: Python expressions over the
 * observable names, compiled once by @mm/expr and evaluated per event. The constructor throws InputError
 * naming an expression that does not compile.
 */
export class EventExpressions {
  private readonly names: string[];
  private readonly cuts: CompiledExpression[];
  private readonly efficiencies: CompiledExpression[];
  private readonly scope: Record<string, number>;

  constructor(observableNames: string[], cuts: string[] = [], efficiencies: string[] = []) {
    this.names = observableNames;
    this.cuts = cuts.map((c) => this.compileOne(c, "cut"));
    this.efficiencies = efficiencies.map((e) => this.compileOne(e, "efficiency"));
    this.scope = Object.create(null);
  }

  get trivial(): boolean {
    return this.cuts.length === 0 && this.efficiencies.length === 0;
  }

  compileOne(source: string, what: string): CompiledExpression {
    try {
      return compile(source, { names: this.names });
    } catch (err) {
      throw new InputError(`${what} '${source}': ${(err as Error).message} (observables: ${this.names.join(", ")})`);
    }
  }

  /** Binds the observables of one event (row r of an n × O array). */
  bind(observations: Float64Array, r: number): Record<string, number> {
    const O = this.names.length;
    for (let k = 0; k < O; k++) this.scope[this.names[k]] = observations[r * O + k];
    return this.scope;
  }

  /** True when the bound event passes every cut. */
  passes(): boolean {
    for (const c of this.cuts) if (!truthy(c.evaluate(this.scope))) return false;
    return true;
  }

  /** Product of the efficiency expressions for the bound event. */
  efficiency(): number {
    let e = 1.0;
    for (const f of this.efficiencies) e *= evaluateNumber(f, this.scope);
    return e;
  }

  /**
   * A per-row getter for an observable expression: a plain observable name reads its column
   * directly; anything else is compiled once and evaluated with the row bound.
   */
  getter(source: string, what = "observable"): (observations: Float64Array, r: number) => number {
    const col = this.names.indexOf(source.trim());
    const O = this.names.length;
    if (col >= 0) return (observations, r) => observations[r * O + col];
    const compiled = this.compileOne(source, what);
    return (observations, r) => {
      this.bind(observations, r);
      return evaluateNumber(compiled, this.scope);
    };
  }

  /** Value of a compiled observable for the bound event. */
  value(expr: CompiledExpression): number {
    return evaluateNumber(expr, this.scope);
  }

  /**
   * Applies cuts and efficiencies to a batch: returns the kept rows' observations and weights
   * (weights multiplied by the efficiency), in order.
   */
  apply(observations: Float64Array, weights: Float64Array, n: number): { n: number; observations: Float64Array; weights: Float64Array } {
    if (this.trivial) return { n, observations, weights };
    const O = this.names.length;
    const B = n > 0 ? weights.length / n : 0;
    const keep: number[] = [];
    const eff: number[] = [];
    for (let r = 0; r < n; r++) {
      this.bind(observations, r);
      if (!this.passes()) continue;
      keep.push(r);
      eff.push(this.efficiency());
    }
    const obs = new Float64Array(keep.length * O);
    const w = new Float64Array(keep.length * B);
    keep.forEach((r, k) => {
      obs.set(observations.subarray(r * O, r * O + O), k * O);
      for (let b = 0; b < B; b++) w[k * B + b] = weights[r * B + b] * eff[k];
    });
    return { n: keep.length, observations: obs, weights: w };
  }
}
