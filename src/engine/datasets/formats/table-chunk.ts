import type { Features } from "../features";
import type { Columns } from "../map-core";

/** Rows read from one data file: columns, their features, how many rows. */
export interface TableChunk {
  columns: Columns;
  features: Features;
  numRows: number;
}
