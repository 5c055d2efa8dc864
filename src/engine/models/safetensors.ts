// safetensors read and write: an 8-byte little-endian header length, a JSON header
// ({name: {dtype, shape, data_offsets}}, optional "__metadata__"), then the raw data.
// Written by hand: the format is a page long and no maintained JS package reads F16/BF16
// into float32 without pulling in a framework.
import { readFile, writeFile } from "node:fs/promises";

export type SafetensorsDtype = "F32" | "F16" | "BF16" | "F64" | "I64" | "I32" | "I16" | "I8" | "U8" | "BOOL";

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** The raw bytes as stored (little-endian). */
  bytes: Uint8Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SafetensorsError";
  }
}

/** Parses a safetensors buffer; `source` names it (a path) in error messages. */
export function parseSafetensors(buf: Uint8Array, source = "<buffer>"): SafetensorsFile {
  const fail = (offset: number, why: string): never => {
    throw new SafetensorsError(`${source}: ${why} (at byte offset ${offset}). The file is damaged or not safetensors: download or save it again.`);
  };
  if (buf.byteLength < 8) fail(0, `file is ${buf.byteLength} bytes, shorter than the 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > buf.byteLength - 8) fail(8, `header length ${headerLen} runs past the end of the file (${buf.byteLength} bytes): file cut short`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  } catch (e) {
    return fail(8, `header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail(8, "header is not a JSON object");
  const dataStart = 8 + headerLen;
  const dataLen = buf.byteLength - dataStart;
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const info = raw as { dtype?: string; shape?: unknown; data_offsets?: unknown };
    if (!info || typeof info.dtype !== "string" || !(info.dtype in BYTES)) fail(8, `tensor "${name}" has unknown dtype ${JSON.stringify(info?.dtype)}`);
    const dtype = info.dtype as SafetensorsDtype;
    const shape = info.shape;
    const offsets = info.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(8, `tensor "${name}" has a bad shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isInteger(d) && d >= 0)) fail(8, `tensor "${name}" has bad data_offsets ${JSON.stringify(offsets)}`);
    const [begin, end] = offsets as [number, number];
    const want = (shape as number[]).reduce((a, b) => a * b, 1) * BYTES[dtype];
    if (end - begin !== want) fail(dataStart + begin, `tensor "${name}" spans ${end - begin} bytes but ${dtype}${JSON.stringify(shape)} needs ${want}`);
    if (end > dataLen) fail(dataStart + begin, `tensor "${name}" ends at data byte ${end} but only ${dataLen} data bytes follow the header: file cut short`);
    tensors.set(name, { dtype, shape: shape as number[], bytes: buf.subarray(dataStart + begin, dataStart + end) });
  }
  return { tensors, metadata };
}

export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  return parseSafetensors(new Uint8Array(await readFile(path)), path);
}

/** Decodes a stored tensor into float32 (F32, F16, BF16 and F64 are converted). */
export function toFloat32(entry: SafetensorsEntry, name = "tensor"): Float32Array {
  const { bytes, dtype } = entry;
  const n = bytes.byteLength / BYTES[dtype];
  // Copy to an aligned buffer: a tensor's data need not start at a multiple of its element size.
  const aligned = new Uint8Array(bytes).buffer;
  switch (dtype) {
    case "F32":
      return new Float32Array(aligned);
    case "F64":
      return Float32Array.from(new Float64Array(aligned));
    case "BF16": {
      // bfloat16 is the top half of a float32.
      const src = new Uint16Array(aligned);
      const out = new Uint32Array(n);
      for (let i = 0; i < n; i++) out[i] = src[i] << 16;
      return new Float32Array(out.buffer);
    }
    case "F16": {
      const src = new Uint16Array(aligned);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(src[i]);
      return out;
    }
    default:
      throw new SafetensorsError(`${name}: dtype ${dtype} is not a floating-point type; expected F32, F16 or BF16.`);
  }
}

/** Decodes an integer tensor (I64 must fit in 53 bits). */
export function toInt32(entry: SafetensorsEntry): Int32Array {
  const aligned = new Uint8Array(entry.bytes).buffer;
  if (entry.dtype === "I32") return new Int32Array(aligned);
  if (entry.dtype === "I64") return Int32Array.from(new BigInt64Array(aligned), (v) => Number(v));
  throw new SafetensorsError(`dtype ${entry.dtype} is not an integer type`);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** float32 → IEEE half, rounding to nearest even (as torch's .half() does); overflow gives ±Infinity. */
export function floatToHalf(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    const mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
    } else if (e <= 0) {
      // Subnormal half (or zero): shift the mantissa with its implicit bit, round to nearest even.
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      const m = mant | 0x800000;
      const shift = 14 - e;
      const half = m >>> shift;
      const rest = m & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      out[i] = sign | (half + (rest > mid || (rest === mid && (half & 1)) ? 1 : 0));
    } else {
      const half = (e << 10) | (mant >>> 13);
      const rest = mant & 0x1fff;
      // A carry out of the mantissa moves into the exponent, which is the right result (up to Infinity).
      out[i] = sign | (half + (rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? 1 : 0));
    }
  }
  return out;
}

export interface TensorToWrite {
  dtype: "F32" | "F16" | "I64" | "I32";
  shape: number[];
  data: Float32Array | Uint16Array | Int32Array | BigInt64Array;
}

/**
 * Serialises tensors in name order (as the Python library does), with data aligned to 8 bytes
 * by padding the header with spaces.
 */
export function serializeSafetensors(tensors: Map<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== n) throw new SafetensorsError(`tensor "${name}": ${t.data.length} values do not fill shape [${t.shape}]`);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const name of names) {
    const d = tensors.get(name)!.data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
    at += d.byteLength;
  }
  return out;
}

export async function writeSafetensors(path: string, tensors: Map<string, TensorToWrite>, metadata?: Record<string, string>): Promise<void> {
  await writeFile(path, serializeSafetensors(tensors, metadata));
}
