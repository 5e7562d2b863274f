// Train / validation / test partitions with MadMiner's conventions
// (LAYOUT.md "How the readers interpret the file", item 3): with
// test_split = validation_split = 0.2, train = [0, round(0.6 N)),
// validation = [round(0.6 N) + 1, round(0.8 N)), test = [round(0.8 N) + 1, N).
// The events at round(0.6 N) and round(0.8 N) belong to no partition (the
// off-by-one of the Python code, kept so that the numbers agree), and cross
// sections on a partition are scaled by 1 / (its fraction).
import { InputError } from "@mm/util";

/** Which events an analysis uses: the train, validation or test partition (MadMiner's split conventions), or all events. */
export type Partition = "train" | "validation" | "test" | "all";

/**
 * The rows [start, end) of a partition, and the factor (1 / the partition's fraction of the events)
 * by which cross sections computed on it are scaled.
 */
export interface PartitionBounds {
  start: number;
  /** Exclusive end; null = up to the last event. */
  end: number | null;
  correctionFactor: number;
}

/** Python's round(x, 0): nearest integer, ties to even. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

const valid = (s: number) => Number.isFinite(s) && s >= 0 && s <= 1;

function endEvent(split: number, n: number): number {
  const e = pyRound(split * n);
  if (!(e > 0 && e < n)) throw new InputError(`irregular split: end event ${e} of ${n} events; choose test/validation splits that leave events in every partition`);
  return e;
}

function startEvent(split: number, n: number): number {
  const s = pyRound(split * n) + 1;
  if (!(s > 0 && s < n)) throw new InputError(`irregular split: start event ${s} of ${n} events; choose test/validation splits that leave events in every partition`);
  return s;
}

/** Bounds of a partition of nEvents events (DataAnalyzer._train_validation_test_split). */
export function partitionBounds(partition: Partition, nEvents: number, testSplit = 0.2, validationSplit = 0.2): PartitionBounds {
  if (partition === "all") return { start: 0, end: null, correctionFactor: 1 };
  if (testSplit + validationSplit > 1) throw new InputError(`test split ${testSplit} + validation split ${validationSplit} exceed 1`);
  const trainSplit = 1.0 - testSplit - validationSplit;
  if (!valid(testSplit) || !valid(trainSplit) || !valid(validationSplit)) return { start: 0, end: null, correctionFactor: 1 };
  switch (partition) {
    case "train":
      return { start: 0, end: endEvent(trainSplit, nEvents), correctionFactor: 1.0 / trainSplit };
    case "validation":
      return { start: startEvent(trainSplit, nEvents), end: endEvent(1.0 - testSplit, nEvents), correctionFactor: 1.0 / validationSplit };
    case "test":
      return { start: startEvent(1.0 - testSplit, nEvents), end: null, correctionFactor: 1.0 / testSplit };
    default:
      throw new InputError(`unknown partition '${String(partition)}': use train, validation, test or all`);
  }
}

/** Two-way split (DataAnalyzer._train_test_split): train = [0, round((1-t)N)), test = [round((1-t)N)+1, N). */
export function trainTestBounds(train: boolean, nEvents: number, testSplit = 0.2): PartitionBounds {
  const trainSplit = 1.0 - testSplit;
  if (!valid(testSplit) || !valid(trainSplit)) return { start: 0, end: null, correctionFactor: 1 };
  if (train) return { start: 0, end: endEvent(trainSplit, nEvents), correctionFactor: 1.0 / trainSplit };
  return { start: startEvent(trainSplit, nEvents), end: null, correctionFactor: 1.0 / testSplit };
}
