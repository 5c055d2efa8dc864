// A progress report as one line of text: the kernel's text/plain fallback and the CLI's bar
// (progress-html.ts draws the same figures for text/html).
import type { ProgressReport } from "../api/index";

export function progressLine(r: ProgressReport, width = 24): string {
  const pct = r.total ? Math.min(1, r.done / r.total) : null;
  const bar = pct === null ? "" : `[${"#".repeat(Math.round(pct * width)).padEnd(width, ".")}] `;
  return `${r.label}: ${bar}${progressFigures(r)}`;
}

/** The line's figures after its bar: count, rate, time (ETA or total), extras. */
export function progressFigures(r: ProgressReport): string {
  const count = r.total === null ? `${r.done} ${r.unit}` : `${r.done}/${r.total} ${r.unit}`;
  const rate = `${r.rate >= 100 ? r.rate.toFixed(0) : r.rate.toPrecision(3)} ${r.unit}/s`;
  const time = r.finished ? `in ${duration(r.elapsedMs)}` : r.etaMs === null ? "ETA ?" : `ETA ${duration(r.etaMs)}`;
  const extra = r.extra ? " " + Object.entries(r.extra).map(([k, v]) => `${k}=${typeof v === "number" ? +v.toPrecision(4) : v}`).join(" ") : "";
  return `${count}, ${rate}, ${time}${extra}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
