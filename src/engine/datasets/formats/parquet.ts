// Parquet files through hyparquet (+ hyparquet-compressors for every codec). Features come from
// the "huggingface" key-value metadata that datasets writes, else from the Parquet schema.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type FileMetaData } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { CorruptFileError } from "../errors";
import { featuresFromJson, list, value, type Feature, type Features } from "../features";
import type { Columns } from "../map-core";
import type { TableChunk } from "./table-chunk";

type SchemaTree = ReturnType<typeof parquetSchema>;

async function metadataOf(path: string): Promise<{ file: Awaited<ReturnType<typeof asyncBufferFromFile>>; metadata: FileMetaData }> {
  try {
    const file = await asyncBufferFromFile(path);
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (error) {
    throw new CorruptFileError(path, "Parquet", error);
  }
}

export async function parquetRowCount(path: string): Promise<number> {
  return Number((await metadataOf(path)).metadata.num_rows);
}

export async function readParquet(path: string, rowStart: number, rowEnd: number): Promise<TableChunk> {
  const { file, metadata } = await metadataOf(path);
  let features: Features;
  let rows: Record<string, unknown>[];
  try {
    features = parquetFeatures(metadata);
    rows = await parquetReadObjects({ file, metadata, compressors, rowStart, rowEnd });
  } catch (error) {
    throw new CorruptFileError(path, "Parquet", error);
  }
  const columns: Columns = {};
  for (const [name, f] of Object.entries(features)) columns[name] = rows.map((r) => toJs(r[name] ?? null, f));
  return { columns, features, numRows: rows.length };
}

function parquetFeatures(metadata: FileMetaData): Features {
  const hf = metadata.key_value_metadata?.find((kv) => kv.key === "huggingface")?.value;
  if (hf) {
    const info = JSON.parse(hf) as { info?: { features?: unknown } };
    if (info.info?.features) return featuresFromJson(info.info.features);
  }
  const root = parquetSchema(metadata);
  return Object.fromEntries(root.children.map((c) => [c.element.name, nodeFeature(c)]));
}

/** Parquet schema node → feature: LIST groups (3- or 2-level) → List, other groups → Struct, leaves by physical + logical type. */
function nodeFeature(node: SchemaTree): Feature {
  const el = node.element;
  const logical = el.logical_type?.type;
  if (node.children.length > 0) {
    if (el.converted_type === "LIST" || logical === "LIST") {
      const repeated = node.children[0];
      const item = repeated.children.length === 1 && !(repeated.element.converted_type === "LIST") ? repeated.children[0] : repeated;
      return list(item === repeated ? groupOrLeaf(repeated) : nodeFeature(item));
    }
    if (el.converted_type === "MAP" || logical === "MAP") throw new Error(`column "${el.name}" is a Parquet MAP, which datasets features cannot describe`);
    const feature = groupOrLeaf(node);
    return el.repetition_type === "REPEATED" ? list(feature) : feature;
  }
  const leaf = leafFeature(node);
  return el.repetition_type === "REPEATED" ? list(leaf) : leaf;
}

function groupOrLeaf(node: SchemaTree): Feature {
  return node.children.length === 0 ? leafFeature(node) : { type: "Struct", fields: Object.fromEntries(node.children.map((c) => [c.element.name, nodeFeature(c)])) };
}

function leafFeature(node: SchemaTree): Feature {
  const el = node.element;
  const lt = el.logical_type;
  if (lt?.type === "INTEGER") return value(`${lt.isSigned ? "int" : "uint"}${lt.bitWidth}`);
  switch (el.converted_type) {
    case "UTF8":
    case "JSON":
    case "ENUM":
      return value("string");
    case "INT_8":
      return value("int8");
    case "INT_16":
      return value("int16");
    case "UINT_8":
      return value("uint8");
    case "UINT_16":
      return value("uint16");
    case "UINT_32":
      return value("uint32");
    case "UINT_64":
      return value("uint64");
    default:
      break;
  }
  if (lt?.type === "STRING") return value("string");
  switch (el.type) {
    case "BOOLEAN":
      return value("bool");
    case "INT32":
      return value("int32");
    case "INT64":
      return value("int64");
    case "FLOAT":
      return value("float32");
    case "DOUBLE":
      return value("float64");
    default:
      return value("binary");
  }
}

/** hyparquet gives 64-bit integers as bigint; cells and JSON want numbers (exact up to 2^53). */
function toJs(v: unknown, f: Feature): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (f.type === "List" && Array.isArray(v)) return v.map((x) => toJs(x, f.feature));
  if (f.type === "Struct" && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, ff] of Object.entries(f.fields)) out[k] = toJs((v as Record<string, unknown>)[k], ff);
    return out;
  }
  return v;
}
