// pytorch_model.bin: what torch.save wrote, read without running Python. Two layouts:
// since torch 1.6 a zip (<archive>/data.pkl, one record <archive>/data/<key> per storage,
// <archive>/byteorder), before it one file of pickles in a row followed by the raw storages.
// The pickles go through the weights-only unpickler of ./torch-pickle.
import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import { type SafetensorsDtype, type SafetensorsEntry } from "./safetensors";
import { type TensorRef, unpickleWeights } from "./torch-pickle";

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

export class PytorchBinError extends Error {
  constructor(source: string, why: string) {
    super(`${source}: ${why}`);
    this.name = "PytorchBinError";
  }
}

/** The tensors of a PyTorch checkpoint by name, as safetensors entries (little-endian bytes). */
export async function readPytorchBin(path: string): Promise<Map<string, SafetensorsEntry>> {
  return parsePytorchBin(new Uint8Array(await readFile(path)), path);
}

export function parsePytorchBin(buf: Uint8Array, source: string): Map<string, SafetensorsEntry> {
  const isZip = buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  const { value, storageBytes } = isZip ? fromZip(buf, source) : fromLegacy(buf, source);
  if (!(value instanceof Map)) throw new PytorchBinError(source, "does not hold a state dict (a dict of name → tensor). Save model.state_dict(), or use model.safetensors.");
  const out = new Map<string, SafetensorsEntry>();
  for (const [name, tensor] of value as Map<unknown, unknown>) {
    // transformers ignores entries that are not tensors; so do we.
    if ((tensor as TensorRef)?.kind !== "tensor") continue;
    out.set(String(name), materialise(tensor as TensorRef, storageBytes(tensor as TensorRef), `${source}: tensor "${String(name)}"`));
  }
  if (out.size === 0) throw new PytorchBinError(source, "holds no tensors. Is it a model checkpoint (model.state_dict())?");
  return out;
}

type StorageBytes = (tensor: TensorRef) => Uint8Array;

function fromZip(buf: Uint8Array, source: string): { value: unknown; storageBytes: StorageBytes } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(buf);
  } catch (error) {
    throw new PytorchBinError(source, `is not a readable zip (${(error as Error).message}): the download is damaged, download it again.`);
  }
  const pkl = Object.keys(files).find((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (!pkl) throw new PytorchBinError(source, "is a zip without <archive>/data.pkl, so not a torch.save checkpoint.");
  const archive = pkl.slice(0, -"data.pkl".length);
  const order = files[`${archive}byteorder`];
  if (order && new TextDecoder().decode(order).trim() !== "little") {
    throw new PytorchBinError(source, "was saved on a big-endian machine; load it with torch and save it again as model.safetensors.");
  }
  const { value } = unpickleWeights(files[pkl], source);
  return {
    value,
    storageBytes: (t) => {
      const record = files[`${archive}data/${t.storage.key}`];
      if (!record) throw new PytorchBinError(source, `names storage ${t.storage.key}, which the zip does not hold: the file is damaged, download it again.`);
      return record;
    },
  };
}

/** torch < 1.6: magic number, protocol, sys info and the object as pickles, then the storage keys, then each storage as u64 count + bytes. */
function fromLegacy(buf: Uint8Array, source: string): { value: unknown; storageBytes: StorageBytes } {
  // A pickle starts with PROTO (0x80); the legacy format's first one is torch's magic number.
  const magic = buf[0] === 0x80 ? unpickleWeights(buf, source) : null;
  if (magic?.value !== 0x1950a86a20f9469cfc6cn) throw new PytorchBinError(source, "is neither a zip nor torch's legacy format, so not a PyTorch checkpoint: the download is damaged, or the file is something else.");
  let at = unpickleWeights(buf, source, magic.end).end; // protocol version
  at = unpickleWeights(buf, source, at).end; // sys info (byte order, sizes)
  const object = unpickleWeights(buf, source, at);
  const keys = unpickleWeights(buf, source, object.end);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records = new Map<string, Uint8Array>();
  at = keys.end;
  for (const key of keys.value as unknown[]) {
    const ref = object.storages.get(String(key));
    if (!ref || at + 8 > buf.byteLength) throw new PytorchBinError(source, `is cut short or damaged at storage ${String(key)}: download it again.`);
    const count = Number(view.getBigInt64(at, true));
    const size = count * BYTES[ref.dtype];
    if (at + 8 + size > buf.byteLength) throw new PytorchBinError(source, `is cut short in storage ${String(key)}: download it again.`);
    records.set(ref.key, buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return {
    value: object.value,
    storageBytes: (t) => records.get(t.storage.key) ?? new Uint8Array(),
  };
}

/** The tensor's elements in row-major order, read through its offset and strides (views may be transposed or share a storage). */
function materialise(t: TensorRef, record: Uint8Array, where: string): SafetensorsEntry {
  const size = BYTES[t.storage.dtype];
  const n = t.shape.reduce((a, b) => a * b, 1);
  let last = t.offset;
  for (let d = 0; d < t.shape.length; d++) last += (t.shape[d] - 1) * t.stride[d];
  if (n > 0 && (t.offset < 0 || (last + 1) * size > record.byteLength)) {
    throw new PytorchBinError(where, `reaches element ${last} but its storage holds ${record.byteLength / size}: the file is damaged, download it again.`);
  }
  const out = new Uint8Array(n * size);
  let contiguous = true;
  for (let d = t.shape.length - 1, expected = 1; d >= 0; expected *= t.shape[d], d--) if (t.shape[d] > 1 && t.stride[d] !== expected) contiguous = false;
  if (contiguous) {
    out.set(record.subarray(t.offset * size, (t.offset + n) * size));
  } else {
    const index = new Array<number>(t.shape.length).fill(0);
    for (let i = 0; i < n; i++) {
      let element = t.offset;
      for (let d = 0; d < index.length; d++) element += index[d] * t.stride[d];
      out.set(record.subarray(element * size, (element + 1) * size), i * size);
      for (let d = index.length - 1; d >= 0 && ++index[d] === t.shape[d]; d--) index[d] = 0;
    }
  }
  return { dtype: t.storage.dtype, shape: t.shape, bytes: out };
}

