// A weights-only unpickler for PyTorch checkpoints, after torch's own `weights_only` Unpickler:
// it interprets the opcodes itself, builds only plain values (numbers, strings, tuples, lists,
// dicts) and the few torch objects a state dict is made of, and refuses every other global and
// opcode by name. Nothing from a downloaded file is ever run.
// Hand-written: the npm unpicklers build arbitrary classes from the globals a pickle names,
// which is exactly what must not happen here.
import type { SafetensorsDtype } from "./safetensors";

export class UnsafePickleError extends Error {
  constructor(source: string, what: string) {
    super(
      `${source}: refused to load, the pickle ${what}. A weights-only load allows only ${ALLOWED_NAMES}. ` +
        "The file may run code when Python loads it, and nothing of it was run here: use the repo's model.safetensors, or a checkpoint from a source you trust.",
    );
    this.name = "UnsafePickleError";
  }
}

/** A storage named by a persistent id: which record of the checkpoint holds it, as what dtype. */
export interface StorageRef {
  kind: "storage";
  key: string;
  dtype: SafetensorsDtype;
  /** Elements in the storage. */
  numel: number;
}

/** A tensor as torch._utils._rebuild_tensor_v2 describes it: a strided view of a storage. */
export interface TensorRef {
  kind: "tensor";
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

/** The storage classes a persistent id may name, by the dtype their elements have. */
const STORAGE_DTYPES: Record<string, SafetensorsDtype> = {
  FloatStorage: "F32", HalfStorage: "F16", BFloat16Storage: "BF16", DoubleStorage: "F64", LongStorage: "I64",
  IntStorage: "I32", ShortStorage: "I16", CharStorage: "I8", ByteStorage: "U8", BoolStorage: "BOOL",
};

/** A global the pickle named and the whitelist allows; calling it (REDUCE/NEWOBJ) does what `call` says. */
interface Allowed {
  kind: "global";
  name: string;
  call?: (args: unknown[]) => unknown;
}

const asTensor = (value: unknown, name: string): TensorRef => {
  if ((value as TensorRef)?.kind !== "tensor") throw new TypeError(`${name} expects a tensor`);
  return value as TensorRef;
};
const numbers = (value: unknown): number[] => (value as unknown[]).map(Number);

function rebuildTensor(args: unknown[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if ((storage as StorageRef)?.kind !== "storage") throw new TypeError("_rebuild_tensor expects a storage");
  return { kind: "tensor", storage: storage as StorageRef, offset: Number(offset), shape: numbers(size), stride: numbers(stride) };
}

/** What torch's weights_only load allows of a state dict, and nothing else. */
const GLOBALS: Record<string, Omit<Allowed, "kind" | "name">> = {
  "collections.OrderedDict": { call: () => new Map() },
  "torch._utils._rebuild_tensor": { call: rebuildTensor },
  "torch._utils._rebuild_tensor_v2": { call: rebuildTensor },
  "torch._utils._rebuild_parameter": { call: ([data]) => asTensor(data, "_rebuild_parameter") },
  "torch._utils._rebuild_parameter_with_state": { call: ([data]) => asTensor(data, "_rebuild_parameter_with_state") },
  // Tensor subclasses (Parameter) pickled by torch 2: rebuild with the allowed function, keep a plain tensor.
  "torch._tensor._rebuild_from_type_v2": {
    call: ([fn, type, args]) => {
      const rebuild = fn as Allowed;
      if (rebuild?.kind !== "global" || !rebuild.call || (type as Allowed)?.kind !== "global") throw new TypeError("_rebuild_from_type_v2 expects allowed globals");
      return rebuild.call(args as unknown[]);
    },
  },
  "torch.Tensor": {},
  "torch.nn.parameter.Parameter": {},
  // Python 3 bytes in a protocol-2 pickle.
  "_codecs.encode": { call: ([text]) => new Uint8Array(Buffer.from(String(text), "latin1")) },
  ...Object.fromEntries(Object.keys(STORAGE_DTYPES).map((name) => [`torch.${name}`, {}])),
};
const ALLOWED_NAMES = Object.keys(GLOBALS).filter((n) => !n.endsWith("Storage")).join(", ") + " and the torch.*Storage classes";

const MARK = Symbol("mark");

export interface Unpickled {
  value: unknown;
  /** Storages in the order their persistent ids first appeared. */
  storages: Map<string, StorageRef>;
  /** Byte offset just past the STOP opcode (the legacy format has several pickles in a row). */
  end: number;
}

/**
 * Unpickles `bytes` from `start`; persistent ids must be torch's ("storage", StorageClass, key, location, numel[, view]).
 * `source` names the file in errors.
 */
export function unpickleWeights(bytes: Uint8Array, source: string, start = 0): Unpickled {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  const storages = new Map<string, StorageRef>();
  let at = start;

  const fail = (why: string): never => {
    throw new UnsafePickleError(source, why);
  };
  const need = (n: number): number => {
    if (at + n > bytes.byteLength) throw new Error(`${source}: the pickle is cut short at byte ${at}. Download the file again.`);
    const here = at;
    at += n;
    return here;
  };
  const u8 = (): number => bytes[need(1)];
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => Number(view.getBigUint64(need(8), true));
  const raw = (n: number): Uint8Array => bytes.subarray(need(n), at);
  const line = (): string => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) need(bytes.byteLength);
    const s = text.decode(bytes.subarray(at, end));
    at = end + 1;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new Error(`${source}: the pickle pops an empty stack at byte ${at}. The file is damaged.`);
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw new Error(`${source}: the pickle has no MARK where byte ${at} needs one. The file is damaged.`);
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const global = (module: string, name: string): Allowed => {
    const full = `${module}.${name}`;
    const allowed = GLOBALS[full];
    if (!allowed) fail(`names the global ${full}`);
    return { kind: "global", name: full, ...allowed };
  };
  const call = (fn: unknown, args: unknown): unknown => {
    const g = fn as Allowed;
    if (g?.kind !== "global" || !g.call) fail(`calls ${g?.kind === "global" ? g.name : "something that is not an allowed function"}`);
    return g.call!(args as unknown[]);
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) fail("sets items on something that is not a dict");
    for (let i = 0; i + 1 < items.length; i += 2) (target as Map<unknown, unknown>).set(items[i], items[i + 1]);
  };
  const persistent = (pid: unknown): StorageRef => {
    const [tag, type, key, , numel] = pid as [unknown, Allowed, unknown, unknown, unknown];
    const dtype = type?.kind === "global" ? STORAGE_DTYPES[type.name.replace(/^torch\./, "")] : undefined;
    if (tag !== "storage" || !dtype) fail(`has a persistent id that is not a torch storage (${JSON.stringify(String(tag))})`);
    const id = String(key);
    let ref = storages.get(id);
    if (!ref) storages.set(id, (ref = { kind: "storage", key: id, dtype: dtype!, numel: Number(numel) }));
    return ref;
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: need(8); break; // FRAME: a length hint only
      case 0x2e: return { value: pop(), storages, end: at }; // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(stack.at(-1)); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: stack.push(view.getInt32(need(4), true)); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: { // LONG1: little-endian two's complement
        const b = raw(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length > 0 && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: stack.push(view.getFloat64(need(8), false)); break; // BINFLOAT (big-endian)
      case 0x58: stack.push(text.decode(raw(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(text.decode(raw(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(text.decode(raw(u64()))); break; // BINUNICODE8
      case 0x54: stack.push(Buffer.from(raw(u32())).toString("latin1")); break; // BINSTRING
      case 0x55: stack.push(Buffer.from(raw(u8())).toString("latin1")); break; // SHORT_BINSTRING
      case 0x42: stack.push(raw(u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(raw(u8()).slice()); break; // SHORT_BINBYTES
      case 0x8e: stack.push(raw(u64()).slice()); break; // BINBYTES8
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x64: { const m = new Map(); setItems(m, popMark()); stack.push(m); break; } // DICT
      case 0x61: { const v = pop(); (stack.at(-1) as unknown[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); (stack.at(-1) as unknown[]).push(...items); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); setItems(stack.at(-1), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(stack.at(-1), items); break; } // SETITEMS
      case 0x71: memo.set(u8(), stack.at(-1)); break; // BINPUT
      case 0x72: memo.set(u32(), stack.at(-1)); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, stack.at(-1)); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!memo.has(i)) throw new Error(`${source}: the pickle reads memo ${i}, never stored. The file is damaged.`);
        stack.push(memo.get(i));
        break;
      }
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { const name = pop(); stack.push(global(String(pop()), String(name))); break; } // STACK_GLOBAL
      case 0x52: { const args = pop(); stack.push(call(pop(), args)); break; } // REDUCE
      case 0x81: { const args = pop(); stack.push(call(pop(), args)); break; } // NEWOBJ
      case 0x62: { // BUILD: an OrderedDict's __dict__ (its _metadata) or a tensor's state; neither is needed
        pop();
        const target = stack.at(-1);
        if (!(target instanceof Map) && (target as TensorRef)?.kind !== "tensor") fail("sets the state of an object that is neither a dict nor a tensor");
        break;
      }
      case 0x51: stack.push(persistent(pop())); break; // BINPERSID
      default:
        fail(`uses opcode 0x${op.toString(16).padStart(2, "0")} at byte ${at - 1}, which a weights-only load does not allow`);
    }
  }
}
