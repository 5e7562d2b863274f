// @mm/util: zero-dependency helpers shared by every @mm package.
export { MadMinerError, InputError, NumericalError, ToolError, FormatError } from "./errors.js";
export { temporaryPathFor, writeFileAtomicSync, writeFileAtomic, withAtomicOutput } from "./atomic.js";
