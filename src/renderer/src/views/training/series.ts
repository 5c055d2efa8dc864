// Curves from HF's log_history: which entries are training logs and which evaluations, smoothing as
// TensorBoard does, thinning for the chart, and the CSV a person can take away.
import type { LogEntry } from "../../../../api/index";

export interface Point {
  step: number;
  value: number;
}

/** The points of one metric, in step order (entries without it are skipped). */
export function series(history: LogEntry[], key: string): Point[] {
  return history.filter((e) => typeof e[key] === "number" && Number.isFinite(e[key]) && typeof e.step === "number").map((e) => ({ step: e.step, value: e[key] }));
}

/**
 * TensorBoard's smoothing: an exponential moving average with weight `w` in [0, 1), debiased so the
 * first points are not pulled towards zero.
 */
export function smooth(points: Point[], w: number): Point[] {
  if (w <= 0) return points;
  let last = 0;
  return points.map((p, i) => {
    last = last * w + (1 - w) * p.value;
    return { step: p.step, value: last / (1 - w ** (i + 1)) };
  });
}

/**
 * At most about `max` points, keeping each bucket's lowest and highest (so spikes stay visible) and
 * the ends. Written here because it is ten lines; SVG charts slow down past a few thousand points.
 */
export function thin(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const buckets = Math.floor(max / 2);
  const size = points.length / buckets;
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let lo = slice[0], hi = slice[0];
    for (const p of slice) { if (p.value < lo.value) lo = p; if (p.value > hi.value) hi = p; }
    out.push(...(lo.step <= hi.step ? [lo, hi] : [hi, lo]).filter((p, i, a) => i === 0 || p !== a[0]));
  }
  if (out[0] !== points[0]) out.unshift(points[0]);
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!);
  return out;
}

/** Every metric of the log history as CSV, one row per entry, columns in first-seen order. */
export function historyCsv(history: LogEntry[]): string {
  const columns: string[] = [];
  for (const e of history) for (const k of Object.keys(e)) if (!columns.includes(k)) columns.push(k);
  const rows = history.map((e) => columns.map((c) => (e[c] === undefined ? "" : String(e[c]))).join(","));
  return [columns.join(","), ...rows].join("\n") + "\n";
}
