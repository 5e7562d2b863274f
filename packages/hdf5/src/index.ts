// @mm/hdf5: Read and write the MadMiner HDF5 file format (h5wasm).
export {};
