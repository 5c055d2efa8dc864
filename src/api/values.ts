// Big values stay in the kernel: outputs carry a reference, the front asks for one page at a time.

/** Reference to a value held by the kernel, carried inside a MIME bundle. */
export interface ValueRef {
  /** Kernel-side handle, stable until the kernel restarts. */
  ref: string;
  /** Which part of the value (for a DatasetDict: the split name). */
  view?: string;
}

export interface Page {
  offset: number;
  /** Total rows in the view. */
  total: number;
  columns: string[];
  rows: unknown[][];
  /**
   * For id-list columns (input_ids, labels): per row the token strings, decoded in the kernel with
   * the tokenizer the notebook loaded last (null for an unknown id such as -100, or a row that is
   * not an id list). Absent when no tokenizer is loaded.
   */
  tokens?: Record<string, ((string | null)[] | null)[]>;
}

export interface VariableInfo {
  name: string;
  type: string;
  /** Short human size, e.g. "4000 rows", "82M params", "3 items". */
  size: string;
  /** The cell that last defined it. */
  cellId: string | null;
}
