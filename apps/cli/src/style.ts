// Terminal styling that respects NO_COLOR and non-TTY output.
const useColor = () => !process.env.NO_COLOR && process.stdout.isTTY === true && process.env.TERM !== "dumb";
const wrap = (code: number, reset: number) => (s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
export const bold = wrap(1, 22);
export const dim = wrap(2, 22);
export const red = wrap(31, 39);
export const green = wrap(32, 39);
export const yellow = wrap(33, 39);
export const cyan = wrap(36, 39);

/** Formats rows as an aligned text table. */
export function table(rows: (string | number | null | undefined)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  // null/undefined (e.g. a NaN that went through JSON) print as "n/a".
  const text = all.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c === null || c === undefined ? "n/a" : c)));
  const widths = text[0].map((_, i) => Math.max(...text.map((r) => (r[i] ?? "").length)));
  const lines = text.map((r) => r.map((c, i) => (typeof all[0][i] === "number" || /^[-+0-9.eE]+$/.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd());
  if (header) lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines.join("\n");
}

/** A compact numeric format: 6 significant digits, exponent where needed. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(6)));
  return x.toExponential(5);
}
