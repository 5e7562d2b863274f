// Quoting for the bash commands and scripts we generate.

/** Quotes a string for bash unless it is made of safe characters only. */
export function shellQuote(s: string): string {
  if (s !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
