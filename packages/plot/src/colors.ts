// Colours: a colour-blind-safe categorical palette and the viridis map.

/** Categorical colours (Okabe–Ito order, black last). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

// Viridis at 9 stops (matplotlib's values), interpolated linearly in RGB.
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** Viridis colour for t in [0, 1] (clamped) as #rrggbb. */
export function viridis(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - k;
  const c = VIRIDIS[k].map((a, j) => Math.round(a + (VIRIDIS[k + 1][j] - a) * f));
  return "#" + c.map((v) => v.toString(16).padStart(2, "0")).join("");
}

/** Position of v on a log colour scale [lo, hi] → [0, 1]. */
export function logNorm(v: number, lo: number, hi: number): number {
  if (!(v > 0)) return 0;
  return (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
}
