// Making and changing cells. Every change returns a new cell: the service replaces, never mutates,
// so an event can carry a cell without later edits leaking into it.
import { randomUUID } from "node:crypto";
import type { Cell, CellState, CellType } from "../api/index";

export function notRunState(): CellState {
  return { phase: "idle", freshness: { kind: "not-run" }, defines: [], reads: [], startedAt: null, durationMs: null };
}

/** nbformat 4.5 cell ids: 1–64 of [a-zA-Z0-9-_]; a UUID fits and never collides in practice. */
export function newCellId(): string {
  return randomUUID();
}

export function newCell(type: CellType, source = "", id = newCellId()): Cell {
  return { id, type, source, outputs: [], executionCount: null, state: notRunState() };
}

/** 1-based position a person sees, used in messages ("changed in cell 5"). */
export function cellNumber(cells: readonly Cell[], cellId: string): number {
  return cells.findIndex((c) => c.id === cellId) + 1;
}

export function findCell(cells: readonly Cell[], cellId: string): Cell {
  const cell = cells.find((c) => c.id === cellId);
  if (!cell) throw new Error(`No cell with id ${cellId} in this notebook (it may have been deleted); reload the notebook.`);
  return cell;
}
