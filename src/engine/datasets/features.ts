// Column types, as Hugging Face `datasets` describes them (Value, ClassLabel, List/Sequence,
// nested dicts), read from and written to HF's features JSON, inferred from values the way
// pyarrow infers them, and printed the way datasets 4 prints them.

export type Feature =
  | { type: "Value"; dtype: string }
  | { type: "ClassLabel"; names: string[] }
  | { type: "List"; feature: Feature; length?: number }
  | { type: "Struct"; fields: Features };

export type Features = Record<string, Feature>;

/** HF's features JSON (dataset_info.json "features", parquet "huggingface" metadata). */
export type FeaturesJson = Record<string, unknown>;

export class FeaturesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeaturesError";
  }
}

export const value = (dtype: string): Feature => ({ type: "Value", dtype });
export const list = (feature: Feature): Feature => ({ type: "List", feature });

/** Reads one feature in any of HF's JSON spellings (datasets 2.x "Sequence", 4.x "List", dict shorthand, [x] shorthand). */
function featureFromJson(json: unknown, where = "features"): Feature {
  if (Array.isArray(json)) {
    if (json.length !== 1) throw new FeaturesError(`${where}: a list feature is written [feature], got ${json.length} items`);
    return list(featureFromJson(json[0], where));
  }
  if (typeof json !== "object" || json === null) throw new FeaturesError(`${where}: expected a feature object, got ${JSON.stringify(json)}`);
  const obj = json as Record<string, unknown>;
  switch (obj._type) {
    case "Value":
      return value(String(obj.dtype));
    case "ClassLabel":
      return { type: "ClassLabel", names: (obj.names as string[]) ?? [] };
    case "Sequence":
    case "List":
    case "LargeList": {
      const length = typeof obj.length === "number" && obj.length >= 0 ? obj.length : undefined;
      const inner = featureFromJson(obj.feature, `${where}.feature`);
      // HF stores a Sequence of a dict as a dict of Sequences (answers: {a_id: [...], text: [...]}).
      if (obj._type === "Sequence" && inner.type === "Struct") {
        return { type: "Struct", fields: Object.fromEntries(Object.entries(inner.fields).map(([k, f]) => [k, { type: "List", feature: f, length }])) };
      }
      return { type: "List", feature: inner, ...(length !== undefined && { length }) };
    }
    case undefined:
      return { type: "Struct", fields: featuresFromJson(obj, where) };
    default:
      throw new FeaturesError(`${where}: feature type ${String(obj._type)} is not supported (supported: Value, ClassLabel, List, Sequence, dicts)`);
  }
}

export function featuresFromJson(json: unknown, where = "features"): Features {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new FeaturesError(`${where}: expected an object of columns`);
  return Object.fromEntries(Object.entries(json).map(([name, f]) => [name, featureFromJson(f, `${where}.${name}`)]));
}

/** datasets 4.x JSON. */
function featureToJson(feature: Feature): unknown {
  switch (feature.type) {
    case "Value":
      return { dtype: feature.dtype, _type: "Value" };
    case "ClassLabel":
      return { names: feature.names, _type: "ClassLabel" };
    case "List":
      return { feature: featureToJson(feature.feature), ...(feature.length !== undefined && { length: feature.length }), _type: "List" };
    case "Struct":
      return featuresToJson(feature.fields);
  }
}

export function featuresToJson(features: Features): FeaturesJson {
  return Object.fromEntries(Object.entries(features).map(([k, f]) => [k, featureToJson(f)]));
}

/** datasets 4.x repr: Value('string'), List(Value('int32')), {'a': ...}. */
export function featureRepr(feature: Feature): string {
  switch (feature.type) {
    case "Value":
      return `Value('${feature.dtype}')`;
    case "ClassLabel":
      return `ClassLabel(names=[${feature.names.map((n) => `'${n}'`).join(", ")}])`;
    case "List":
      return `List(${featureRepr(feature.feature)}${feature.length !== undefined ? `, length=${feature.length}` : ""})`;
    case "Struct":
      return featuresRepr(feature.fields);
  }
}

export function featuresRepr(features: Features): string {
  return `{${Object.entries(features).map(([k, f]) => `'${k}': ${featureRepr(f)}`).join(", ")}}`;
}

/**
 * Infers a column's feature from its values the way pyarrow does for Python objects:
 * integers → int64, any fraction → float64, strings, bools, lists, dicts (→ struct), all null → null.
 */
export function inferFeature(values: readonly unknown[], column: string): Feature {
  const acc = new TypeAccumulator(column);
  for (const v of values) acc.add(v);
  return acc.feature();
}

type Kind = "bool" | "int" | "float" | "string" | "list" | "struct";

/** Merges the types of values seen, one value at a time (no intermediate arrays: columns of token ids are large). */
class TypeAccumulator {
  private kind: Kind | null = null;
  private item: TypeAccumulator | null = null;
  private fields: Map<string, TypeAccumulator> | null = null;

  constructor(private readonly where: string) {}

  add(v: unknown): void {
    if (v === null || v === undefined) return;
    switch (typeof v) {
      case "number":
        return this.merge(this.kind === "float" || !Number.isInteger(v) ? "float" : "int");
      case "bigint":
        return this.merge("int");
      case "boolean":
        return this.merge("bool");
      case "string":
        return this.merge("string");
      case "object":
        break;
      default:
        throw new FeaturesError(`Column "${this.where}" holds a ${typeof v}, which cannot be stored in a dataset`);
    }
    if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
      this.merge("list");
      const item = (this.item ??= new TypeAccumulator(`${this.where}[]`));
      const arr = v as ArrayLike<unknown>;
      for (let i = 0; i < arr.length; i++) item.add(arr[i]);
      return;
    }
    this.merge("struct");
    const fields = (this.fields ??= new Map());
    for (const [k, fv] of Object.entries(v as Record<string, unknown>)) {
      let acc = fields.get(k);
      if (!acc) fields.set(k, (acc = new TypeAccumulator(`${this.where}.${k}`)));
      acc.add(fv);
    }
  }

  private merge(k: Kind): void {
    if (this.kind === null || this.kind === k) this.kind = k;
    else if ((this.kind === "int" && k === "float") || (this.kind === "float" && k === "int")) this.kind = "float";
    else throw new FeaturesError(`Column "${this.where}" mixes ${this.kind} and ${k} values; a column holds one type`);
  }

  feature(): Feature {
    switch (this.kind) {
      case null:
        return value("null");
      case "bool":
        return value("bool");
      case "int":
        return value("int64");
      case "float":
        return value("float64");
      case "string":
        return value("string");
      case "list":
        return list((this.item as TypeAccumulator).feature());
      case "struct":
        return { type: "Struct", fields: Object.fromEntries([...(this.fields as Map<string, TypeAccumulator>)].map(([k, a]) => [k, a.feature()])) };
    }
  }
}

/**
 * The narrower integer types `datasets` stores tokenizer outputs in (its ArrowWriter's
 * OptimizedTypedSequence), so a tokenized dataset's features read like Python's.
 */
const OPTIMIZED_INT_TYPES: Record<string, string> = { input_ids: "int32", attention_mask: "int8", special_tokens_mask: "int8", token_type_ids: "int8" };

export function inferColumnFeature(name: string, values: readonly unknown[]): Feature {
  const inferred = inferFeature(values, name);
  const narrow = OPTIMIZED_INT_TYPES[name];
  return narrow ? withIntType(inferred, narrow) : inferred;
}

function withIntType(feature: Feature, dtype: string): Feature {
  if (feature.type === "Value" && feature.dtype === "int64") return value(dtype);
  if (feature.type === "List") return { ...feature, feature: withIntType(feature.feature, dtype) };
  return feature;
}

/** The feature after `flatten()`: struct fields become "parent.child" columns, recursively. */
export function flattenFeatures(features: Features, maxDepth = 16): { features: Features; paths: Record<string, string[]> } {
  const out: Features = {};
  const paths: Record<string, string[]> = {};
  const visit = (name: string, path: string[], feature: Feature, depth: number): void => {
    if (feature.type === "Struct" && depth < maxDepth) {
      for (const [field, f] of Object.entries(feature.fields)) visit(`${name}.${field}`, [...path, field], f, depth + 1);
    } else {
      out[name] = feature;
      paths[name] = path;
    }
  };
  for (const [name, f] of Object.entries(features)) visit(name, [name], f, 0);
  return { features: out, paths };
}

/** Accepts features in our form or in HF's JSON (what dataset_info.json holds). */
export function toFeatures(f: Features | FeaturesJson): Features {
  const ours = Object.values(f).every((v) => typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string" && !("_type" in v));
  return ours ? (f as Features) : featuresFromJson(f);
}
