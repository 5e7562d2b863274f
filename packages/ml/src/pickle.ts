// A restricted unpickler for PyTorch state dicts. It accepts only what a
// state dict contains: an OrderedDict of tensors rebuilt by
// torch._utils._rebuild_tensor_v2 from Float/Double storages referenced by
// persistent ids, plus the `_metadata` state. Any other global, opcode or
// call is rejected, so a malicious file cannot run anything.
import { FormatError } from "@mm/util";

/** A tensor reference inside a state dict (the storage bytes live in the archive). */
export interface TensorRef {
  storageKey: string;
  dtype: "float32" | "float64";
  offset: number;
  shape: number[];
  stride: number[];
}

const ALLOWED_GLOBALS = new Set([
  "collections OrderedDict",
  "torch._utils _rebuild_tensor_v2",
  "torch FloatStorage",
  "torch DoubleStorage",
]);

class Global {
  constructor(readonly name: string) {}
}
class Storage {
  constructor(readonly key: string, readonly dtype: "float32" | "float64") {}
}
const MARK = Symbol("mark");

/** Parses a state-dict pickle into an ordered map of parameter name → tensor reference. */
export function readStateDictPickle(bytes: Uint8Array, file = "state dict"): Map<string, TensorRef> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const td = new TextDecoder();
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const fail = (msg: string): never => {
    throw new FormatError(`${msg} at byte ${p}: only PyTorch state dicts (OrderedDict of float tensors) are accepted`, file);
  };
  const popMark = (): unknown[] => {
    const items: unknown[] = [];
    for (;;) {
      if (stack.length === 0) fail("pickle MARK missing");
      const v = stack.pop();
      if (v === MARK) return items.reverse();
      items.push(v);
    }
  };
  const readLine = () => {
    const e = bytes.indexOf(10, p);
    const s = td.decode(bytes.subarray(p, e));
    p = e + 1;
    return s;
  };
  const call = (fn: unknown, args: unknown[]): unknown => {
    if (!(fn instanceof Global)) return fail("call of a non-global");
    if (fn.name === "collections OrderedDict") {
      if (args.length !== 0) fail("OrderedDict with arguments");
      return new Map<string, unknown>();
    }
    if (fn.name === "torch._utils _rebuild_tensor_v2") {
      const [storage, offset, shape, stride] = args as [Storage, number, number[], number[]];
      if (!(storage instanceof Storage) || !Array.isArray(shape) || !Array.isArray(stride)) fail("malformed _rebuild_tensor_v2 call");
      const t: TensorRef = { storageKey: storage.key, dtype: storage.dtype, offset: Number(offset), shape: shape.map(Number), stride: stride.map(Number) };
      return t;
    }
    return fail(`call of ${fn.name}`);
  };
  for (;;) {
    if (p >= bytes.length) fail("pickle ends without STOP");
    const op = bytes[p++];
    switch (op) {
      case 0x80: // PROTO
        p++;
        break;
      case 0x95: // FRAME
        p += 8;
        break;
      case 0x63: {
        // GLOBAL 'module\nname\n'
        const name = `${readLine()} ${readLine()}`;
        if (!ALLOWED_GLOBALS.has(name)) fail(`forbidden global '${name}'`);
        stack.push(new Global(name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = stack.pop();
        const mod = stack.pop();
        const full = `${String(mod)} ${String(name)}`;
        if (!ALLOWED_GLOBALS.has(full)) fail(`forbidden global '${full}'`);
        stack.push(new Global(full));
        break;
      }
      case 0x71: // BINPUT
        memo.set(bytes[p++], stack[stack.length - 1]);
        break;
      case 0x72: // LONG_BINPUT
        memo.set(view.getUint32(p, true), stack[stack.length - 1]);
        p += 4;
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, stack[stack.length - 1]);
        break;
      case 0x68: // BINGET
        stack.push(memo.get(bytes[p++]));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memo.get(view.getUint32(p, true)));
        p += 4;
        break;
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map<string, unknown>());
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([stack.pop()]);
        break;
      case 0x86: {
        const b = stack.pop();
        const a = stack.pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: {
        const c = stack.pop();
        const b = stack.pop();
        const a = stack.pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x58: {
        // BINUNICODE
        const n = view.getUint32(p, true);
        p += 4;
        stack.push(td.decode(bytes.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x8c: {
        // SHORT_BINUNICODE
        const n = bytes[p++];
        stack.push(td.decode(bytes.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x4b: // BININT1
        stack.push(bytes[p++]);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(p, true));
        p += 2;
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(p, true));
        p += 4;
        break;
      case 0x8a: {
        // LONG1 (small little-endian two's complement)
        const n = bytes[p++];
        if (n > 6) fail("integer too large");
        let v = 0;
        for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[p + i];
        if (n > 0 && bytes[p + n - 1] & 0x80) v -= 2 ** (8 * n);
        p += n;
        stack.push(v);
        break;
      }
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x47: // BINFLOAT
        stack.push(view.getFloat64(p, false));
        p += 8;
        break;
      case 0x51: {
        // BINPERSID: ('storage', StorageType, key, location, numel)
        const pid = stack.pop() as unknown[];
        if (!Array.isArray(pid) || pid[0] !== "storage" || !(pid[1] instanceof Global)) fail("unsupported persistent id");
        const type = (pid[1] as Global).name;
        stack.push(new Storage(String(pid[2]), type === "torch DoubleStorage" ? "float64" : "float32"));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = stack.pop() as unknown[];
        const fn = stack.pop();
        stack.push(call(fn, args));
        break;
      }
      case 0x73: {
        // SETITEM
        const v = stack.pop();
        const k = stack.pop();
        const d = stack[stack.length - 1];
        if (!(d instanceof Map)) fail("SETITEM on a non-dict");
        (d as Map<unknown, unknown>).set(k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        const d = stack[stack.length - 1];
        if (!(d instanceof Map)) fail("SETITEMS on a non-dict");
        for (let i = 0; i + 1 < items.length; i += 2) (d as Map<unknown, unknown>).set(items[i], items[i + 1]);
        break;
      }
      case 0x61: {
        // APPEND
        const v = stack.pop();
        (stack[stack.length - 1] as unknown[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        (stack[stack.length - 1] as unknown[]).push(...items);
        break;
      }
      case 0x62: {
        // BUILD: only the OrderedDict's `_metadata` state is accepted (and ignored).
        const state = stack.pop();
        if (!(stack[stack.length - 1] instanceof Map) || !(state instanceof Map || state === null || Array.isArray(state))) fail("BUILD on an unexpected object");
        break;
      }
      case 0x2e: {
        // STOP
        const root = stack.pop();
        if (!(root instanceof Map)) return fail("pickle root is not a dict");
        const out = new Map<string, TensorRef>();
        for (const [k, v] of root as Map<unknown, unknown>) {
          if (typeof k !== "string" || typeof v !== "object" || v === null || !("storageKey" in v)) fail(`state dict entry '${String(k)}' is not a tensor`);
          out.set(k as string, v as TensorRef);
        }
        return out;
      }
      default:
        return fail(`unsupported pickle opcode 0x${op.toString(16)}`);
    }
  }
}
