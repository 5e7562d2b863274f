// param_card.dat from a template: the benchmark's values at (block, id), every other line unchanged.
import { InputError } from "@mm/util";
import { formatCardNumber, type NumberFormat } from "./pyformat.js";
import { benchmarkEntries, type CardSetup } from "./setup-input.js";

/** Options of `writeParamCard`. */
export interface ParamCardOptions {
  numberFormat?: NumberFormat;
  /** Name of the template for error messages. */
  templateName?: string;
}

/**
 * Writes the param card for one benchmark, as MadMiner's export_param_card: the
 * matching line becomes `    <id>    <value>    # MadMiner`; block names match in
 * any case; lines of multi-index blocks are never touched; the text is split into
 * lines and joined with "\n" (so a final newline is dropped, as in MadMiner).
 */
export function writeParamCard(template: string, setup: CardSetup, benchmark: string, options: ParamCardOptions = {}): string {
  const lines = template.split(/\r\n|\n|\r/);
  // Python's splitlines() drops the empty string after a final newline.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const format = options.numberFormat ?? "python";
  for (const entry of benchmarkEntries(setup, benchmark)) {
    const wanted = entry.block.toLowerCase();
    let block: string | null = null;
    let changed = false;
    for (let i = 0; i < lines.length && !changed; i++) {
      const elements = lines[i].split("#")[0].trim().split(/\s+/).filter((s) => s !== "");
      if (elements.length === 2 && elements[0].toLowerCase() === "block") {
        block = elements[1].toLowerCase();
      } else if (elements.length === 2 && block === wanted) {
        if (!/^[+-]?\d+$/.test(elements[0])) continue;
        if (Number(elements[0]) === entry.id) {
          lines[i] = `    ${entry.id}    ${formatCardNumber(entry.value, format)}    # MadMiner`;
          changed = true;
        }
      } else if (elements.length === 3 && elements[0].toLowerCase() === wanted) {
        // DECAY-style one-line entries: "<block> <id> <value>".
        if (!/^[+-]?\d+$/.test(elements[1])) continue;
        block = null;
        if (Number(elements[1]) === entry.id) {
          lines[i] = `${entry.block}    ${entry.id}    ${formatCardNumber(entry.value, format)}    # MadMiner`;
          changed = true;
        }
      } else if (elements.length > 0 && elements[0].toLowerCase() === "block") {
        block = elements.length >= 2 ? elements[1].toLowerCase() : null;
      }
    }
    if (!changed) {
      throw new InputError(`could not find LHA block '${entry.block}' entry ${entry.id} (parameter '${entry.parameter}') in the param card template${options.templateName ? ` ${options.templateName}` : ""}; check the parameter's lhaBlock/lhaId`);
    }
  }
  return lines.join("\n");
}
