// How a Dataset / DatasetDict shows in a notebook: HF's text repr, plus our dataset MIME bundle
// (splits, row counts, features, a first-rows preview) whose rows the front pages through by ref,
// and the preview as an HTML table for viewers that know only text/html.
import { MIME } from "../../api/mime";
import type { DatasetPayload, SplitView } from "../../api/payloads/dataset";
import type { Page } from "../../api/values";
import type { MimeBundle } from "../runtime/display";
import { withTokens } from "../runtime/tokens";
import { datasetHtml } from "./display-html";
import { featureRepr, featuresToJson, type Features } from "./features";

export type { DatasetPayload, SplitView };

/** The dataset view's MIME type, under the engine's name for it. */
export const DATASET_MIME = MIME.dataset;

const PREVIEW_ROWS = 5;

export interface TableView {
  numRows: number;
  columnNames: string[];
  features: Features;
  page(offset: number, limit: number): Page;
}

export function splitView(view: string | null, table: TableView): SplitView {
  return {
    view,
    numRows: table.numRows,
    columns: table.columnNames,
    features: featuresToJson(table.features),
    types: Object.fromEntries(Object.entries(table.features).map(([k, f]) => [k, featureRepr(f)])),
    preview: withTokens(table.page(0, PREVIEW_ROWS)),
  };
}

export function bundle(kind: DatasetPayload["kind"], ref: string, text: string, splits: SplitView[]): MimeBundle {
  const payload: DatasetPayload = { kind, ref, splits };
  return { "text/plain": text, "text/html": datasetHtml(payload), [DATASET_MIME]: payload };
}

/** datasets' repr: Dataset({\n    features: [...],\n    num_rows: N\n}), indented inside a DatasetDict. */
export function datasetRepr(columnNames: string[], numRows: number, indent = ""): string {
  const pad = `${indent}    `;
  return `Dataset({\n${pad}features: [${columnNames.map((c) => `'${c}'`).join(", ")}],\n${pad}num_rows: ${numRows}\n${indent}})`;
}

export function datasetDictRepr(splits: [string, { columnNames: string[]; numRows: number }][]): string {
  return `DatasetDict({\n${splits.map(([name, d]) => `    ${name}: ${datasetRepr(d.columnNames, d.numRows, "    ")}`).join("\n")}\n})`;
}
