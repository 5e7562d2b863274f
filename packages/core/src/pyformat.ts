// Python's str(float), for values MadMiner stores as strings (systematics).

/** Formats a number as Python's `str(float(x))`: "1.0", "0.5", "1e-05", "1e+16". */
export function pythonFloatString(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const a = Math.abs(x);
  // Python switches to exponent notation below 1e-4 and from 1e16 on; the digits are the same shortest repr.
  if (a < 1e-4 || a >= 1e16) {
    const [mant, exp] = x.toExponential().split("e") as [string, string];
    const e = Number(exp);
    return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const s = a >= 1e-6 && a < 1e21 ? String(x) : x.toFixed(20);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
