// The part of a MadMiner setup the card writers need, from @mm/hdf5's
// MadMinerSetup or from plain objects, with the transforms compiled once.
import { compileTransform } from "@mm/expr";
import { InputError } from "@mm/util";

/** A parameter as the card writers need it (a subset of @mm/hdf5's Parameter). */
export interface CardParameter {
  name: string;
  lhaBlock: string;
  lhaId: number;
  /** param_card_transform in `theta`, or null/undefined (also "_" as stored in files) for none. */
  transform?: string | null;
}

/** A benchmark: values in parameter order, or by parameter name. */
export interface CardBenchmark {
  name: string;
  values: number[] | Record<string, number>;
  isNuisance?: boolean;
}

/** What the card writers accept: `@mm/hdf5`'s MadMinerSetup fits this shape. */
export interface CardSetup {
  parameters: CardParameter[];
  benchmarks: CardBenchmark[];
}

/** One benchmark resolved to card entries. */
export interface CardEntry {
  block: string;
  id: number;
  /** The value after param_card_transform. */
  value: number;
  parameter: string;
}

/** Checks the setup and returns, per benchmark name, the (block, id, value) entries in parameter order. */
export function cardEntries(setup: CardSetup): Map<string, CardEntry[]> {
  if (!setup || !Array.isArray(setup.parameters) || !Array.isArray(setup.benchmarks)) {
    throw new InputError("setup must have 'parameters' and 'benchmarks' arrays (e.g. from @mm/hdf5 readSetup)");
  }
  if (setup.parameters.length === 0) throw new InputError("the setup has no parameters; add parameters before writing cards");
  const transforms = setup.parameters.map((p) => {
    if (typeof p.lhaBlock !== "string" || p.lhaBlock.trim() === "") throw new InputError(`parameter '${p.name}' has no LHA block`);
    if (!Number.isInteger(p.lhaId)) throw new InputError(`parameter '${p.name}' has LHA id ${p.lhaId}; expected an integer`);
    const t = p.transform;
    if (t === null || t === undefined || t === "_" || t === "" || t === "None") return null;
    try {
      return compileTransform(t);
    } catch (err) {
      throw new InputError(`param_card_transform of parameter '${p.name}' is not valid: ${(err as Error).message}`, { cause: err });
    }
  });
  const out = new Map<string, CardEntry[]>();
  for (const b of setup.benchmarks) {
    if (out.has(b.name)) throw new InputError(`benchmark '${b.name}' is defined twice`);
    const values = setup.parameters.map((p, k) => {
      const v = Array.isArray(b.values) ? b.values[k] : (b.values as Record<string, number>)[p.name];
      if (typeof v !== "number" || Number.isNaN(v)) throw new InputError(`benchmark '${b.name}' has no value for parameter '${p.name}'`);
      return v;
    });
    out.set(
      b.name,
      setup.parameters.map((p, k) => {
        const f = transforms[k];
        let value = values[k];
        if (f) {
          try {
            value = f(value);
          } catch (err) {
            throw new InputError(`param_card_transform '${p.transform}' of parameter '${p.name}' fails for benchmark '${b.name}' (theta = ${values[k]}): ${(err as Error).message}`, { cause: err });
          }
        }
        return { block: p.lhaBlock, id: p.lhaId, value, parameter: p.name };
      }),
    );
  }
  return out;
}

/** The entries of one benchmark, with a clear error naming the known benchmarks. */
export function benchmarkEntries(setup: CardSetup, benchmark: string): CardEntry[] {
  const all = cardEntries(setup);
  const e = all.get(benchmark);
  if (!e) throw new InputError(`unknown benchmark '${benchmark}'; the setup has: ${[...all.keys()].join(", ")}`);
  return e;
}
