// The dataset bundle as the engine sends it (src/engine/datasets/display.ts); the window does not
// import the engine, so the shape is restated here and checked before use.
import type { Page } from "../../../../api/index";

export interface SplitView {
  /** The view name to page with (a DatasetDict's split), null for a lone Dataset. */
  view: string | null;
  numRows: number;
  columns: string[];
  /** Column → HF repr of its type, e.g. "List(Value('string'))". */
  types: Record<string, string>;
  preview: Page;
}

export interface DatasetPayload {
  kind: "Dataset" | "DatasetDict";
  ref: string;
  splits: SplitView[];
}

export function isDatasetPayload(data: unknown): data is DatasetPayload {
  const d = data as Partial<DatasetPayload> | null;
  return typeof d === "object" && d !== null && typeof d.ref === "string" && Array.isArray(d.splits)
    && d.splits.every((s) => typeof s?.numRows === "number" && Array.isArray(s.columns) && typeof s.preview === "object");
}
