// .npy read/write: the real SampleAugmenter outputs in the corpus tarball
// (read in place after extracting to a temp dir), round trips for every
// dtype, and numpy loading what we write (Debian python3). Values must be
// identical (exact): the format is a byte copy.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FormatError, encodeNpy, readNpy, writeNpy } from "@mm/util";
import { debianPython, noShared, shared } from "../../../tools/test-support/shared.js";

const tmp = mkdtempSync(join(tmpdir(), "mm-npy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const py = debianPython(["numpy"]);

describe.skipIf(noShared())(".npy files written by the Python MadMiner", () => {
  it("reads every member of the 2019 workflow training-samples tarball, as numpy does", () => {
    const dir = join(tmp, "corpus");
    spawnSync("mkdir", ["-p", dir]);
    const t = spawnSync("tar", ["xzf", shared("corpus", "madminer-h5", "madminer-workflow-training-samples-npy.tar.gz"), "-C", dir], { encoding: "utf8" });
    expect(t.status, t.stderr).toBe(0);
    const base = join(dir, "home", "data", "Samples_0");
    const files = readdirSync(base).filter((f) => f.endsWith(".npy")).sort();
    expect(files).toEqual(["r_xz_train.npy", "t_xz_train.npy", "theta0_train.npy", "theta1_train.npy", "x_train.npy", "y_train.npy"]);
    const arrays = Object.fromEntries(files.map((f) => [f, readNpy(join(base, f))]));
    const n = arrays["x_train.npy"].shape[0];
    for (const f of files) expect(arrays[f].shape[0], f).toBe(n);
    if (py) {
      const script = `import json,numpy as np,sys\nout={}\nfor f in sys.argv[2:]:\n  a=np.load(sys.argv[1]+'/'+f)\n  out[f]={'shape':list(a.shape),'dtype':str(a.dtype),'data':a.ravel().astype(float).tolist()}\nprint(json.dumps(out))`;
      const r = spawnSync(py, ["-c", script, base, ...files], { encoding: "utf8", maxBuffer: 1 << 26 });
      expect(r.status, r.stderr).toBe(0);
      const ref = JSON.parse(r.stdout);
      for (const f of files) {
        expect(arrays[f].shape, f).toEqual(ref[f].shape);
        expect(arrays[f].dtype, f).toBe(ref[f].dtype);
        expect(Array.from(arrays[f].data as ArrayLike<number>, Number), f).toEqual(ref[f].data);
      }
    }
  });
});

describe(".npy round trips", () => {
  const cases = [
    { name: "float64 2-d", data: Float64Array.from([1.5, -2.25, Math.PI, 1e-300, -0, 7]), shape: [2, 3], dtype: "float64" as const },
    { name: "float32 1-d", data: Float32Array.from([0.1, 0.2, 0.3]), shape: [3], dtype: "float32" as const },
    { name: "int64 3-d", data: BigInt64Array.from([1n, -2n, 3n, 2n ** 40n, 5n, 6n, 7n, 8n]), shape: [2, 2, 2], dtype: "int64" as const },
    { name: "bool", data: Uint8Array.from([1, 0, 1, 1]), shape: [4], dtype: "bool" as const },
    { name: "scalar", data: Float64Array.from([42]), shape: [], dtype: "float64" as const },
    { name: "empty", data: new Float64Array(0), shape: [0, 4], dtype: "float64" as const },
  ];
  for (const c of cases) {
    it(`${c.name}: write then read gives the same values, shape and dtype`, () => {
      const path = join(tmp, `${c.name.replace(/\W/g, "_")}.npy`);
      writeNpy(path, c.data, c.shape, { dtype: c.dtype });
      const back = readNpy(path);
      expect(back.shape).toEqual(c.shape);
      expect(back.dtype).toBe(c.dtype);
      expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(c.data as ArrayLike<unknown>));
    });
  }

  it("headers are padded to 64 bytes and end in a newline (numpy's layout)", () => {
    const bytes = encodeNpy(Float64Array.from([1, 2]), [2]);
    const headerLen = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
  });

  it("converts numbers to the requested dtype and refuses non-integers for int64", () => {
    const back = readNpy(encodeNpy([1, 2, 3], [3], { dtype: "int64" }));
    expect(Array.from(back.data as BigInt64Array)).toEqual([1n, 2n, 3n]);
    expect(() => encodeNpy([1.5], [1], { dtype: "int64" })).toThrow(/not an integer/);
    expect(() => encodeNpy([1, 2], [3])).toThrow(/needs 3/);
  });

  it("reads version 2.0 headers, Fortran order and big-endian data", () => {
    // Hand-built: '>f8' (2, 3) Fortran-ordered, format 2.0.
    const header = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
    const padded = header + " ".repeat(64 - ((12 + header.length + 1) % 64)) + "\n";
    const buf = new Uint8Array(12 + padded.length + 48);
    buf.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(buf.buffer).setUint32(8, padded.length, true);
    for (let i = 0; i < padded.length; i++) buf[12 + i] = padded.charCodeAt(i);
    const dv = new DataView(buf.buffer, 12 + padded.length);
    // C-order values 0..5 of a (2, 3) array stored column-major: a[0,0], a[1,0], a[0,1], ...
    [0, 3, 1, 4, 2, 5].forEach((v, i) => dv.setFloat64(i * 8, v, false));
    const a = readNpy(buf);
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data as Float64Array)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("names the file when it is not a .npy array", () => {
    const path = join(tmp, "bad.npy");
    writeFileSync(path, "hello");
    expect(() => readNpy(path)).toThrow(FormatError);
    expect(() => readNpy(path)).toThrow(/bad\.npy/);
  });
});

describe.skipIf(py === null)("numpy loads what @mm writes (Debian python3)", () => {
  it("float64 (format 2.0), float32, int64, int32, bool arrays load with the same dtype, shape and values", () => {
    const arrays = {
      f8: { data: Float64Array.from({ length: 12 }, (_, i) => i / 7 - 0.5), shape: [3, 4], dtype: "float64" as const },
      f4: { data: Float32Array.from({ length: 6 }, (_, i) => i * 0.1), shape: [6], dtype: "float32" as const },
      i8: { data: BigInt64Array.from([-1n, 2n ** 50n, 3n, 0n]), shape: [2, 2], dtype: "int64" as const },
      i4: { data: Int32Array.from([-7, 8]), shape: [2], dtype: "int32" as const },
      b1: { data: Uint8Array.from([1, 0, 0, 1, 1, 0]), shape: [2, 3], dtype: "bool" as const },
    };
    for (const [k, a] of Object.entries(arrays)) writeNpy(join(tmp, `${k}.npy`), a.data, a.shape, { dtype: a.dtype, version: k === "f8" ? 2 : 1 });
    const script = `import json,numpy as np,sys\nout={}\nfor k in ['f8','f4','i8','i4','b1']:\n  a=np.load(sys.argv[1]+'/'+k+'.npy')\n  out[k]={'shape':list(a.shape),'dtype':str(a.dtype),'data':[str(v) for v in a.ravel().tolist()]}\nprint(json.dumps(out))`;
    const r = spawnSync(py!, ["-c", script, tmp], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout);
    for (const [k, a] of Object.entries(arrays)) {
      expect(ref[k].shape, k).toEqual(a.shape);
      expect(ref[k].dtype, k).toBe(a.dtype);
      // Compare exact decimal forms: float32 values go through Python floats (exact widening).
      const mine = Array.from(a.data as ArrayLike<number | bigint>, (v) => (a.dtype === "bool" ? (v ? "True" : "False") : a.dtype === "float32" ? String(Math.fround(Number(v))) : String(v)));
      const theirs = ref[k].data.map((s: string) => (a.dtype === "float64" || a.dtype === "float32" ? String(Number(s)) : s));
      expect(theirs, k).toEqual(mine);
    }
  });
});
