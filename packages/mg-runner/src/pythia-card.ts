// pythia8_card.dat edits: "Key:name = value" lines set in place (case-insensitive keys), others untouched.
import { InputError } from "@mm/util";

/** Sets Pythia8 settings, e.g. { "Main:numberOfEvents": 1000, "HEPMCoutput:file": "auto" }; missing keys are appended. */
export function writePythia8Card(template: string, settings: Record<string, string | number | boolean> = {}): string {
  const lines = template.split("\n");
  const trailingNewline = template.endsWith("\n");
  if (trailingNewline) lines.pop();
  for (const [key, raw] of Object.entries(settings)) {
    if (!/^[A-Za-z0-9_:]+$/.test(key)) throw new InputError(`Pythia8 setting '${key}' is not a valid key (expected e.g. Main:numberOfEvents)`);
    const value = typeof raw === "boolean" ? (raw ? "on" : "off") : String(raw);
    if (/[\n!]/.test(value)) throw new InputError(`Pythia8 setting '${key}' has a value with a newline or '!'`);
    let found = false;
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\s*)([A-Za-z0-9_:]+)(\s*=\s*)([^!]*?)(\s*(?:!.*)?)$/.exec(lines[i]);
      if (m && m[2].toLowerCase() === key.toLowerCase()) {
        lines[i] = m[1] + m[2] + m[3] + value + m[5];
        found = true;
      }
    }
    if (!found) lines.push(`${key} = ${value}`);
  }
  return lines.join("\n") + (trailingNewline ? "\n" : "");
}
