// Numbers written the way Python's str()/repr() writes a float, so that cards
// match the ones MadMiner writes byte for byte.

/** Python's repr(float(x)): shortest round-trip digits, exponent when exp < -4 or exp >= 16. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mant, expText] = Math.abs(x).toExponential().split("e");
  const exp = Number(expText);
  const digits = mant.replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** How card values are printed: "python" = exactly as MadMiner (repr), "compact" = rounded to 12 significant digits first (251.10399999999998 → 251.104). */
export type NumberFormat = "python" | "compact";

/** A card value as text in the given NumberFormat: Python's repr of the float (default) or, for "compact", rounded to 12 significant digits first. */
export function formatCardNumber(x: number, format: NumberFormat = "python"): string {
  return pythonFloat(format === "compact" && Number.isFinite(x) ? Number(x.toPrecision(12)) : x);
}
