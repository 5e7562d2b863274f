// Test helpers: an independent quadratic 2-parameter morphing (components
// 1, a, b, a², ab, b²; weights = A⁻ᵀ a(θ) by Gauss–Jordan) and snapshot
// comparison with normalised number precision.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function components2(t: number[]): number[] {
  const [a, b] = t;
  return [1, a, b, a * a, a * b, b * b];
}

export function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((r) => r.slice(n));
}

/** A MorphingBasisInput for a quadratic 2-parameter basis. */
export function quadraticMorpher(basis: number[][]) {
  const A = basis.map(components2); // B × C
  const Ainv = invert(A); // C × B
  return {
    basis,
    weights(theta: number[]) {
      const c = components2(theta);
      return basis.map((_, b) => c.reduce((s, cv, k) => s + Ainv[k][b] * cv, 0));
    },
  };
}

const here = dirname(fileURLToPath(import.meta.url));
export const SNAPSHOT_DIR = join(here, "snapshots");

/** Rounds every number in an SVG to 1 decimal so that float noise does not break snapshots. */
export function normalise(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (m) => {
    const r = Math.round(Number(m) * 10) / 10;
    return Object.is(r, -0) ? "0" : String(r);
  });
}

/**
 * Compares with test/snapshots/NAME.svg; creates it when missing (or when
 * UPDATE_SNAPSHOTS=1); on mismatch writes NAME-changed.svg and returns false.
 */
export function matchesSnapshot(name: string, svg: string): boolean {
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const path = join(SNAPSHOT_DIR, `${name}.svg`);
  const actual = normalise(svg);
  if (!existsSync(path) || process.env.UPDATE_SNAPSHOTS === "1") {
    writeFileSync(path, actual);
    return true;
  }
  const expected = readFileSync(path, "utf8");
  if (expected === actual) return true;
  writeFileSync(join(SNAPSHOT_DIR, `${name}-changed.svg`), actual);
  return false;
}
