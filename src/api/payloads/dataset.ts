// MIME.dataset: a Dataset or DatasetDict as the engine shows it: per split the row count, the
// features and a first page; the window pages through the rest by ref (NotebookApi.fetchPage).
import type { Page } from "../values";

export interface SplitView {
  /** The view name to page with (a DatasetDict's split), null for a lone Dataset. */
  view: string | null;
  numRows: number;
  columns: string[];
  /** HF features JSON (as dataset_info.json writes them). */
  features: Record<string, unknown>;
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
