// Walks an HDF5 file with Debian's h5py and returns, per object, what the
// Python side sees: kind, numpy dtype, shape, HDF5 string padding/charset,
// storage layout, attributes and a hash of the data bytes.
import { spawnSync } from "node:child_process";

const SCRIPT = String.raw`
import h5py, json, sys, hashlib
out = {}
with h5py.File(sys.argv[1], "r") as f:
    out["__superblock__"] = f.id.get_create_plist().get_version()[0]
    def visit(name, obj):
        e = {"attrs": len(obj.attrs)}
        if isinstance(obj, h5py.Dataset):
            e["kind"] = "dataset"
            e["dtype"] = obj.dtype.str
            e["shape"] = list(obj.shape)
            t = obj.id.get_type()
            if obj.dtype.kind == "S":
                e["strpad"] = t.get_strpad()
                e["cset"] = t.get_cset()
            if obj.dtype.kind == "O":
                info = h5py.check_string_dtype(obj.dtype)
                e["vlen_string"] = None if info is None else [info.encoding, info.length]
                e["h5class"] = t.get_class()
            pl = obj.id.get_create_plist()
            e["layout"] = pl.get_layout()
            e["chunks"] = obj.chunks
            e["compression"] = obj.compression
            v = obj[()]
            if obj.dtype.kind == "O":
                e["sha"] = hashlib.sha256(b"\0".join(x if isinstance(x, bytes) else str(x).encode() for x in v.flatten().tolist())).hexdigest()
            else:
                e["sha"] = hashlib.sha256(v.tobytes() if hasattr(v, "tobytes") else bytes(v)).hexdigest()
            if obj.size <= 64:
                e["value"] = v.tolist() if hasattr(v, "tolist") else v
                if obj.dtype.kind in ("S", "O"):
                    e["value"] = [s.decode("ascii") for s in (v.flatten().tolist() if hasattr(v, "flatten") else [v])]
        else:
            e["kind"] = "group"
        out["/" + name] = e
    f.visititems(visit)
print(json.dumps(out))
`;

export type Walk = Record<string, Record<string, unknown>>;

export function h5walk(python: string, path: string): Walk {
  const r = spawnSync(python, ["-c", SCRIPT, path], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`h5py walk of ${path} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Walk;
}

/** Runs a short Python snippet with `sys.argv[1:]` = args and parses its JSON output. */
export function pyJson(python: string, code: string, ...args: string[]): unknown {
  const r = spawnSync(python, ["-c", code, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
