// The document as every side sees it. Outputs follow nbformat 4 so a saved notebook is a valid .ipynb.

export type CellType = "code" | "markdown";

/** A MIME bundle, as Jupyter's: MIME type → data (string or JSON). */
export type MimeBundle = Record<string, unknown>;

export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown>; display_id?: string }
  | { output_type: "execute_result"; data: MimeBundle; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** Where a cell is in its life: what the UI and tests select on (`data-cell-phase`). */
export type CellPhase = "idle" | "queued" | "running" | "done" | "error" | "interrupted";

/** Whether a cell's outputs still describe the kernel's state (`data-freshness`). */
export type Freshness =
  | { kind: "not-run" }
  | { kind: "current" }
  | { kind: "outdated"; reason: string };

export interface CellState {
  phase: CellPhase;
  freshness: Freshness;
  /** Top-level names the cell defines and reads (from its last compile). */
  defines: string[];
  reads: string[];
  startedAt: number | null;
  durationMs: number | null;
}

export interface Cell {
  id: string;
  type: CellType;
  source: string;
  outputs: Output[];
  executionCount: number | null;
  state: CellState;
  /** nbformat cell metadata as read from the file (tags, collapsed, ...), written back unchanged. */
  metadata?: Record<string, unknown>;
}

export interface NotebookDoc {
  /** File on disk, or null for a never-saved document (it still autosaves). */
  path: string | null;
  title: string;
  cells: Cell[];
  dirty: boolean;
  /** nbformat notebook metadata (kernelspec, language_info, ...). */
  metadata: Record<string, unknown>;
}

export type TemplateId = "hub" | "offline" | "blank";

export interface TemplateInfo {
  id: TemplateId;
  title: string;
  description: string;
}
