// MIME.progress: a long operation's progress, as the engine's startProgress reports it; the kernel
// sends each report as a display update (one display id per operation), the window draws a bar.

export interface ProgressReport {
  /** Stable per operation, so a host can update one bar in place. */
  id: string;
  label: string;
  done: number;
  total: number | null;
  unit: string;
  /** Units per second since the start. */
  rate: number;
  elapsedMs: number;
  /** Null while unknown (no total, or nothing done yet). */
  etaMs: number | null;
  finished: boolean;
  /** Extra figures a view may show (loss, tokens/s, ...). */
  extra?: Record<string, number | string>;
}

export function isProgressReport(data: unknown): data is ProgressReport {
  const d = data as Partial<ProgressReport> | null;
  return typeof d === "object" && d !== null && typeof d.done === "number" && typeof d.rate === "number" && typeof d.elapsedMs === "number";
}
