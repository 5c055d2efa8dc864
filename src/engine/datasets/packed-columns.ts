// Columns of integer lists (token ids, masks) as one Int32Array plus row offsets: V8 serializes,
// deserializes and transfers that far faster than nested arrays (map's cache files and the
// data sent to and from map workers use it). Other columns stay as they are.
import type { Columns } from "./map-core";

export type PackedColumn = { packed: Int32Array; offsets: Int32Array } | { values: unknown[] };
export type PackedColumns = Record<string, PackedColumn>;

function packColumn(values: unknown[]): PackedColumn {
  let total = 0;
  for (const v of values) {
    if (!Array.isArray(v)) return { values };
    total += v.length;
  }
  const packed = new Int32Array(total);
  const offsets = new Int32Array(values.length + 1);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    for (const x of values[i] as unknown[]) {
      if (typeof x !== "number" || (x | 0) !== x) return { values };
      packed[k++] = x;
    }
    offsets[i + 1] = k;
  }
  return { packed, offsets };
}

function unpackColumn(column: PackedColumn): unknown[] {
  if ("values" in column) return column.values;
  const { packed, offsets } = column;
  const out: number[][] = new Array(offsets.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = Array.from(packed.subarray(offsets[i], offsets[i + 1]));
  return out;
}

export function packColumns(columns: Columns): PackedColumns {
  return Object.fromEntries(Object.entries(columns).map(([n, v]) => [n, packColumn(v)]));
}

export function unpackColumns(columns: PackedColumns): Columns {
  return Object.fromEntries(Object.entries(columns).map(([n, c]) => [n, unpackColumn(c)]));
}

/** The buffers to transfer (not copy) with postMessage. */
export function transferList(columns: PackedColumns): ArrayBuffer[] {
  return Object.values(columns).flatMap((c) => ("packed" in c ? [c.packed.buffer as ArrayBuffer, c.offsets.buffer as ArrayBuffer] : []));
}
