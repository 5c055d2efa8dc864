import type { Cell, NotebookDoc, Output } from "./notebook";

export type KernelStatus = "starting" | "idle" | "busy" | "restarting" | "dead";

/** Everything the back tells the front. One stream, in order. */
export type NotebookEvent =
  /** The document changed structurally (opened, cell added/moved/deleted, saved). */
  | { type: "doc"; doc: NotebookDoc }
  /** One cell changed (source, state, execution count, outputs replaced). */
  | { type: "cell"; cell: Cell }
  /** An output was appended to a cell, or (displayId set and found) replaced in place. */
  | { type: "output"; cellId: string; output: Output }
  /** Kernel life: status and a sentence for the user (e.g. "Interrupt did not stop the cell in 2 s; kernel restarted"). */
  | { type: "kernel"; status: KernelStatus; message?: string; interrupt?: "cooperative" | "restarted" }
  /** Something a person should see once (autosave failed, file saved, first-start choice). */
  | { type: "notice"; level: "info" | "warning" | "error"; message: string };
