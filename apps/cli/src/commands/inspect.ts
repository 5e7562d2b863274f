// mm inspect: what a MadMiner HDF5 file holds, readable for a person (or --json).
import { readEventBatches, readEventsSummary, readSetup } from "@mm/hdf5";
import { parse, printJson, type Command } from "../command.js";
import { bold, dim, table, yellow } from "../style.js";
import { InputError } from "@mm/util";

const HELP = `mm inspect FILE.h5 [--json] [--stats]

Shows what a MadMiner HDF5 file holds: parameters, benchmarks, morphing,
observables, event counts (and, with --stats, per-benchmark cross sections
and per-observable ranges, reading the events in batches). Older formats
are read too; what they lack is listed under "Format notes".

Options:
  --json    machine-readable summary on stdout
  --stats   read all events: cross section per benchmark (sum of weights with
            MadMiner's sampling factors, as DataAnalyzer.xsecs), observable min/mean/max`;

export const inspectCommand: Command = {
  name: "inspect",
  summary: "show what a MadMiner HDF5 file holds (parameters, benchmarks, morphing, events)",
  help: HELP,
  async run(argv) {
    const parsed = parse("inspect", argv, { json: { type: "boolean" }, stats: { type: "boolean" } });
    const values = parsed.values as { json?: boolean; stats?: boolean };
    const positionals = parsed.positionals;
    if (positionals.length !== 1) throw new InputError("mm inspect: give exactly one file, e.g. 'mm inspect setup.h5'");
    const file = positionals[0]!;
    const setup = await readSetup(file);
    const events = await readEventsSummary(file);
    let stats: { xsec: number[]; obs: { min: number; mean: number; max: number }[] } | null = null;
    if (values.stats && events) {
      const B = setup.benchmarks.length;
      const O = events.observables.names.length;
      const xsec = new Array<number>(B).fill(0);
      // Sampling factors as MadMiner's readers apply them when all events are read
      // together: k[s] = signal_events[s] / sum(signal_events), k = 1 for background.
      const totalSignal = events.signalEvents.reduce((a, x) => a + x, 0);
      const k = (s: number) => (s < 0 || totalSignal === 0 ? 1 : (events.signalEvents[s] ?? 0) / totalSignal);
      const mins = new Array<number>(O).fill(Infinity);
      const maxs = new Array<number>(O).fill(-Infinity);
      const sums = new Array<number>(O).fill(0);
      for await (const b of readEventBatches(file)) {
        for (let i = 0; i < b.n; i++) {
          const f = k(b.samplingBenchmarks[i]!);
          for (let j = 0; j < B; j++) xsec[j]! += f * b.weights[i * B + j]!;
          for (let j = 0; j < O; j++) {
            const x = b.observations[i * O + j]!;
            if (x < mins[j]!) mins[j] = x;
            if (x > maxs[j]!) maxs[j] = x;
            sums[j]! += x;
          }
        }
      }
      stats = { xsec, obs: mins.map((min, j) => ({ min, mean: sums[j]! / Math.max(1, events.nEvents), max: maxs[j]! })) };
    }
    const notes = [...(setup.formatNotes ?? []), ...(events?.formatNotes ?? [])];
    if (values.json) {
      printJson({
        file,
        parameters: setup.parameters,
        benchmarks: setup.benchmarks,
        morphing: setup.morphing
          ? { components: setup.morphing.components, shape: [setup.morphing.components.length, setup.morphing.matrix.length / Math.max(1, setup.morphing.components.length)] }
          : null,
        nuisance: setup.nuisance ?? null,
        systematics: setup.systematics ?? null,
        finiteDifferences: setup.finiteDifferences ?? null,
        events: events ? { nEvents: events.nEvents, signalEvents: events.signalEvents, backgroundEvents: events.backgroundEvents, observables: events.observables } : null,
        ...(stats ? { stats } : {}),
        formatNotes: notes,
      });
      return 0;
    }
    const w = (s: string) => process.stdout.write(s);
    w(`${bold(file)}\n\n`);
    w(`${bold("Parameters")} (${setup.parameters.length}, in theta order)\n`);
    w(
      table(
        setup.parameters.map((p) => [p.name, `${p.lhaBlock} ${p.lhaId}`, p.maxPowers ? p.maxPowers.join("/") : String(p.maxPower), `[${p.range[0]}, ${p.range[1]}]`, p.transform ?? "-"]),
        ["name", "LHA block/id", "max power", "range", "param-card transform"],
      ) + "\n\n",
    );
    w(`${bold("Benchmarks")} (${setup.benchmarks.length})\n`);
    const sig = events?.signalEvents ?? [];
    w(
      table(
        setup.benchmarks.map((b, i) => [
          b.name,
          ...b.values,
          [b.isReference ? "reference" : "", b.isNuisance ? "nuisance" : ""].filter(Boolean).join(", ") || "-",
          ...(events ? [i < sig.length ? sig[i]! : 0] : []),
          ...(stats ? [stats.xsec[i]!] : []),
        ]),
        ["name", ...setup.parameters.map((p) => p.name), "flags", ...(events ? ["events generated"] : []), ...(stats ? ["xsec [pb]"] : [])],
      ) + "\n\n",
    );
    if (setup.morphing) {
      const C = setup.morphing.components.length;
      const cols = setup.morphing.matrix.length / Math.max(1, C);
      const mono = (e: number[]) =>
        e.every((k) => k === 0) ? "1" : e.map((k, p) => (k === 0 ? "" : k === 1 ? setup.parameters[p]!.name : `${setup.parameters[p]!.name}^${k}`)).filter(Boolean).join("·");
      w(`${bold("Morphing")}: ${C} components, matrix ${C} × ${cols}\n  ${setup.morphing.components.map(mono).join(", ")}\n\n`);
    } else {
      w(`${bold("Morphing")}: none\n\n`);
    }
    if (setup.nuisance?.length) {
      w(`${bold("Nuisance parameters")}\n`);
      w(table(setup.nuisance.map((n) => [n.name, n.systematic, n.benchmarkPositive ?? "-", n.benchmarkNegative ?? "-"]), ["name", "systematic", "+1σ benchmark", "-1σ benchmark"]) + "\n\n");
    }
    if (setup.systematics?.length) {
      w(`${bold("Systematics")}\n`);
      w(table(setup.systematics.map((s) => [s.name, s.type, s.value, s.scale ?? "-"]), ["name", "type", "value", "scale"]) + "\n\n");
    }
    if (setup.finiteDifferences) {
      w(`${bold("Finite differences")}: epsilon ${setup.finiteDifferences.epsilon}, base ${setup.finiteDifferences.baseBenchmarks.join(", ")}\n\n`);
    }
    if (events) {
      w(`${bold("Events")}: ${events.nEvents} (${events.backgroundEvents} background)\n`);
      w(`${bold("Observables")} (${events.observables.names.length})\n`);
      w(
        table(
          events.observables.names.map((n, j) => [n, events.observables.definitions[j] ?? dim("(function)"), ...(stats ? [stats.obs[j]!.min, stats.obs[j]!.mean, stats.obs[j]!.max] : [])]),
          ["name", "definition", ...(stats ? ["min", "mean", "max"] : [])],
        ) + "\n",
      );
    } else {
      w(`${bold("Events")}: none (a setup-only file)\n`);
    }
    if (notes.length) {
      w(`\n${yellow("Format notes")} (an older file; what it lacks and the default used):\n`);
      for (const n of notes) w(`  - ${n}\n`);
    }
    return 0;
  },
};
