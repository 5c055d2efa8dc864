// The freshness rules, in one place: whether a cell's outputs still describe the kernel's state.
// A pure function of the cells and one change, so the service, the CLI and tests agree.
import type { Cell, Freshness } from "../api/index";
import { cellNumber } from "./cells";

export type FreshnessChange =
  /** The cell ran (finished or failed): it is current; later readers of what it defines are outdated. */
  | { kind: "ran"; cellId: string }
  /** The cell's source changed; `previousDefines` are the names it defined before the edit. */
  | { kind: "edited"; cellId: string; previousDefines: string[] }
  /** The kernel restarted: nothing has run in it. */
  | { kind: "restart" };

export function applyFreshness(cells: readonly Cell[], change: FreshnessChange): Cell[] {
  if (change.kind === "restart") {
    return cells.map((c) => withFreshness(c, { kind: "not-run" }));
  }
  const index = cells.findIndex((c) => c.id === change.cellId);
  if (index < 0) return [...cells];
  const origin = cells[index];
  const next = [...cells];
  let changedNames: string[];
  if (change.kind === "ran") {
    next[index] = withFreshness(origin, { kind: "current" });
    changedNames = origin.state.defines;
  } else {
    if (origin.state.freshness.kind === "current") {
      next[index] = withFreshness(origin, { kind: "outdated", reason: "edited since it ran" });
    }
    changedNames = [...new Set([...change.previousDefines, ...origin.state.defines])];
  }
  // Names whose value later cells can no longer trust, and where they changed.
  const stale = new Map<string, string>();
  const originNumber = cellNumber(cells, origin.id);
  for (const name of changedNames) stale.set(name, `changed in cell ${originNumber}`);

  for (let i = index + 1; i < next.length; i++) {
    const cell = next[i];
    if (cell.type !== "code") continue;
    const read = cell.state.reads.find((name) => stale.has(name));
    if (read !== undefined) {
      if (cell.state.freshness.kind === "current") {
        next[i] = withFreshness(cell, { kind: "outdated", reason: `reads ${read}, ${stale.get(read)}` });
      }
      // What this cell defines is now built on stale input too: its readers are outdated in turn.
      if (cell.state.freshness.kind !== "not-run") {
        for (const name of cell.state.defines) stale.set(name, `defined in cell ${i + 1}, which is outdated`);
      }
    } else {
      // A later definition replaces the stale value: readers after it see a good one again.
      for (const name of cell.state.defines) stale.delete(name);
    }
  }
  return next;
}

/** The same object when nothing changes, so callers can tell which cells to re-send. */
function withFreshness(cell: Cell, freshness: Freshness): Cell {
  const now = cell.state.freshness;
  if (now.kind === freshness.kind && (now.kind !== "outdated" || (freshness.kind === "outdated" && now.reason === freshness.reason))) return cell;
  return { ...cell, state: { ...cell.state, freshness } };
}
