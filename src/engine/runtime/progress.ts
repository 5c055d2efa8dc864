// Every long operation reports progress through one sink, installed by whoever hosts the engine:
// the kernel turns reports into display updates, the CLI into progress bars, tests into arrays.
import type { ProgressReport } from "../../api/payloads/progress";

export type { ProgressReport };

export type ProgressSink = (report: ProgressReport) => void;

let sink: ProgressSink | null = null;
let nextId = 0;

export function setProgressSink(next: ProgressSink | null): void {
  sink = next;
}

export interface Progress {
  readonly id: string;
  /** Adds to done; reports at most every `minIntervalMs` (always the last one). */
  advance(by?: number, extra?: Record<string, number | string>): void;
  set(done: number, extra?: Record<string, number | string>): void;
  finish(): void;
}

export function startProgress(label: string, total: number | null, unit = "it", minIntervalMs = 100): Progress {
  const id = `p${++nextId}`;
  const start = Date.now();
  let done = 0;
  let last = 0;
  let extra: Record<string, number | string> | undefined;
  const emit = (finished: boolean): void => {
    const now = Date.now();
    if (!finished && now - last < minIntervalMs) return;
    last = now;
    const elapsedMs = now - start;
    const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const etaMs = total !== null && rate > 0 ? ((total - done) / rate) * 1000 : null;
    sink?.({ id, label, done, total, unit, rate, elapsedMs, etaMs, finished, extra });
  };
  return {
    id,
    advance(by = 1, e) {
      done += by;
      if (e) extra = e;
      emit(false);
    },
    set(value, e) {
      done = value;
      if (e) extra = e;
      emit(false);
    },
    finish() {
      emit(true);
    },
  };
}
