// The words shown for a cell's state; the same state is on the element as data- attributes.
import type { CellState } from "../../../api/index";

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

const PHASE_WORDS: Record<CellState["phase"], string> = {
  idle: "",
  queued: "queued",
  running: "running",
  done: "done",
  error: "failed",
  interrupted: "interrupted",
};

export function phaseLabel(state: CellState, now: number): string {
  const word = PHASE_WORDS[state.phase];
  if (state.phase === "running" && state.startedAt !== null) return `${word} ${formatDuration(Math.max(0, now - state.startedAt))}`;
  if (state.durationMs !== null && state.phase !== "queued") return `${word} in ${formatDuration(state.durationMs)}`;
  return word;
}

export function freshnessLabel(state: CellState): { text: string; title: string } {
  const f = state.freshness;
  if (f.kind === "outdated") return { text: "outdated", title: f.reason };
  if (f.kind === "current") return { text: "current", title: "The outputs match the kernel's state." };
  return { text: "not run", title: "Not run since the kernel started." };
}
