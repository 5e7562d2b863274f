// Test helper (sampling/fisher): reads a MadMiner events file through Debian's
// python3 + h5py into plain typed arrays, so that the analysis packages can be
// tested on the real reference files before/independently of @mm/hdf5.
// The file is read in place; only a converted binary dump goes to a temp dir.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface DumpedEvents {
  parameters: { name: string }[];
  benchmarks: { name: string; values: number[]; isNuisance: boolean; isReference: boolean }[];
  morphing: { components: number[][]; matrix: Float64Array } | null;
  observableNames: string[];
  signalEvents: number[];
  backgroundEvents: number;
  nEvents: number;
  observations: Float64Array;
  weights: Float64Array;
  samplingBenchmarks: Int32Array;
}

const SCRIPT = String.raw`
import sys, json, h5py, numpy as np
src, out = sys.argv[1], sys.argv[2]
def s(a): return [x.decode('ascii').rstrip('\x00') for x in a]
with h5py.File(src, 'r') as f:
    meta = {}
    meta['parameters'] = [{'name': n} for n in s(f['parameters/names'][()])]
    names = s(f['benchmarks/names'][()]); vals = f['benchmarks/values'][()]
    nuis = f['benchmarks/is_nuisance'][()] if 'benchmarks/is_nuisance' in f else np.zeros(len(names))
    ref = f['benchmarks/is_reference'][()] if 'benchmarks/is_reference' in f else np.zeros(len(names))
    meta['benchmarks'] = [{'name': n, 'values': [float(v) for v in vals[i]], 'isNuisance': bool(nuis[i]), 'isReference': bool(ref[i])} for i, n in enumerate(names)]
    if 'morphing' in f:
        meta['components'] = f['morphing/components'][()].tolist()
        np.ascontiguousarray(f['morphing/morphing_matrix'][()], dtype='<f8').tofile(out + '/matrix.bin')
    meta['observableNames'] = s(f['observables/names'][()])
    meta['signalEvents'] = [int(x) for x in f['sample_summary/signal_events'][()]]
    meta['backgroundEvents'] = int(f['sample_summary/background_events'][()])
    obs = f['samples/observations'][()]
    meta['nEvents'] = int(obs.shape[0])
    np.ascontiguousarray(obs, dtype='<f8').tofile(out + '/obs.bin')
    np.ascontiguousarray(f['samples/weights'][()], dtype='<f8').tofile(out + '/w.bin')
    np.ascontiguousarray(f['samples/sampling_benchmarks'][()], dtype='<i4').tofile(out + '/sb.bin')
    json.dump(meta, open(out + '/meta.json', 'w'))
`;

function f64(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Dumps an events file with h5py (python = Debian's python3). */
export function dumpEventsFile(python: string, file: string): DumpedEvents {
  const dir = mkdtempSync(join(tmpdir(), "mm-h5dump-"));
  try {
    const r = spawnSync(python, ["-c", SCRIPT, file, dir], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`h5py dump of ${file} failed: ${r.stderr}`);
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
    const sbBuf = readFileSync(join(dir, "sb.bin"));
    return {
      parameters: meta.parameters,
      benchmarks: meta.benchmarks,
      morphing: meta.components ? { components: meta.components, matrix: f64(join(dir, "matrix.bin")) } : null,
      observableNames: meta.observableNames,
      signalEvents: meta.signalEvents,
      backgroundEvents: meta.backgroundEvents,
      nEvents: meta.nEvents,
      observations: f64(join(dir, "obs.bin")),
      weights: f64(join(dir, "w.bin")),
      samplingBenchmarks: new Int32Array(sbBuf.buffer.slice(sbBuf.byteOffset, sbBuf.byteOffset + sbBuf.byteLength)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
