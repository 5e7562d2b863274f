// Fortran-style number parsing for LHE and HepMC text: 0.4E-005, '0.', '-1.',
// 1.0D+03 and the exponent-without-letter form 1.0-100 that Fortran writes
// when a three-digit exponent does not fit the field.

const FORTRAN_NO_LETTER = /^([+-]?(?:\d+\.?\d*|\.\d+))([+-]\d+)$/;

/**
 * Parses one number token. Returns NaN when the token is not a number, so the
 * caller can raise an error naming the file and line.
 */
export function parseFortranNumber(token: string): number {
  if (token.length === 0) return Number.NaN;
  const v = Number(token);
  if (!Number.isNaN(v)) {
    // Number() also accepts "0x1F", "Infinity", "0b1": not Fortran numbers.
    const c = token.charCodeAt(token.length - 1);
    const c1 = token.length > 1 ? token.charCodeAt(1) | 32 : 0;
    if (((c >= 48 && c <= 57) || c === 46) && c1 !== 120 && c1 !== 98 && c1 !== 111) return v;
    return Number.NaN;
  }
  let t = token;
  if (t.includes("D") || t.includes("d")) t = t.replace(/[dD]/, "e");
  const w = Number(t);
  if (!Number.isNaN(w) && /\d$|\.$/.test(t)) return w;
  const m = FORTRAN_NO_LETTER.exec(token);
  if (m) return Number(m[1]) * Math.pow(10, Number(m[2]));
  return Number.NaN;
}
