// Comparing kept runs: which parameters differ between them (what the legend and the runs table
// show), a colour per run that stays the same in both, and their curves as chart points.
import type { RunCurve, RunRecord } from "../../../../api/index";
import type { Point } from "./series";

/** Parameters every run has its own value for, so they never tell runs apart. */
const NOISE = new Set(["outputDir", "hubToken", "resumeFromCheckpoint"]);

const PALETTE = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#e16f24", "#6e7781"];

/** A run's colour by its place in the notebook's list (a run not kept yet takes the next place). */
export function runColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** A run's arguments and what it depended on, as one flat map. */
export function runParams(run: RunRecord): Record<string, unknown> {
  return { ...run.args, ...(run.trial?.hyperparameters ?? {}), ...run.values };
}

/** The parameters whose values are not the same in every run, in first-seen order. */
export function differingKeys(runs: RunRecord[]): string[] {
  if (runs.length < 2) return [];
  const params = runs.map(runParams);
  const keys: string[] = [];
  for (const p of params) for (const k of Object.keys(p)) if (!keys.includes(k) && !NOISE.has(k)) keys.push(k);
  return keys.filter((k) => new Set(params.map((p) => JSON.stringify(p[k] ?? null))).size > 1);
}

export function formatParam(v: unknown): string {
  if (typeof v === "number") return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
  if (v === undefined || v === null) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** "run 2 · learningRate 0.01": the run's name and what sets it apart from the others shown. */
export function runLabel(run: RunRecord, keys: string[]): string {
  const params = runParams(run);
  return [run.name, ...keys.map((k) => `${k} ${formatParam(params[k])}`)].join(" · ");
}

export function curvePoints(curve: RunCurve): Point[] {
  return curve.map(([step, value]) => ({ step, value }));
}
