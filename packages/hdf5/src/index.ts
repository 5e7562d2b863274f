// @mm/hdf5: read and write the MadMiner HDF5 file format (h5wasm).
export type {
  Parameter,
  Benchmark,
  MorphingSetup,
  NuisanceParameter,
  Systematic,
  FiniteDifferences,
  MadMinerSetup,
  EventsSummary,
  EventBatch,
} from "./types.js";
export { readSetup } from "./read-setup.js";
export { readEventsSummary, readEventBatches, type ReadEventBatchesOptions } from "./read-events.js";
export { invertMorphingBasis } from "./basis-inverse.js";
export { writeSetup, validateSetup } from "./write-setup.js";
export { writeEvents, type EventsData, type ObservablesSpec } from "./write-events.js";
export { openEventsWriter, type EventsWriter, type EventsWriterOptions } from "./events-writer.js";
