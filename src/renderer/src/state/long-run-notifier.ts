// A desktop notification when a cell that ran over a minute ends, so a person can look away during
// training. Electron grants notifications; a browser shows them once the person has allowed them.
import type { NotebookApi } from "../../../api/index";
import { formatDuration } from "./cell-labels";

const LONG_RUN_MS = 60_000;

export function notifyLongRuns(api: NotebookApi, cellNumber: (cellId: string) => number | null): () => void {
  // A finished cell is sent again when its freshness changes: one notification per run.
  const told = new Set<string>();
  return api.onEvent((event) => {
    if (event.type !== "cell" || typeof Notification === "undefined" || Notification.permission !== "granted") return;
    const { phase, durationMs, startedAt } = event.cell.state;
    if (durationMs === null || durationMs < LONG_RUN_MS || !["done", "error", "interrupted"].includes(phase)) return;
    const run = `${event.cell.id}@${startedAt}`;
    if (told.has(run)) return;
    told.add(run);
    const n = cellNumber(event.cell.id);
    const how = phase === "done" ? "finished" : phase === "error" ? "failed" : "was interrupted";
    new Notification("MLM Notebook", { body: `Cell ${n ?? ""} ${how} after ${formatDuration(durationMs)}.`, tag: event.cell.id });
  });
}
