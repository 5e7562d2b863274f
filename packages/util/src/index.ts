// @mm/util: zero-dependency helpers shared by every @mm package.
export { MadMinerError, InputError, NumericalError, ToolError, FormatError } from "./errors.js";
export { temporaryPathFor, writeFileAtomicSync, writeFileAtomic, withAtomicOutput } from "./atomic.js";
export { RandomState } from "./random.js";
export { preciseLog } from "./log.js";
export type { ChoiceOptions } from "./random.js";
export { readNpy, encodeNpy, writeNpy } from "./npy.js";
export type { NpyArray, NpyData, NpyWriteDtype, NpyWriteOptions } from "./npy.js";
export { ndarray, zeros, shapeSize, stridesOf, offsetOf, getAt, setAt, row, toNested, fromNested } from "./ndarray.js";
export type { NDArray } from "./ndarray.js";
