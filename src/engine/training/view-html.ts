// A training run and an evaluation as HTML for viewers outside the app: the loss and eval_loss
// curves as one inline SVG, the evaluations as a table, the perplexity before fine-tuning beside
// the one after.
import { escapeHtml, formatNumber, htmlBox, htmlRow, htmlTable } from "../runtime/html";
import type { EarlierEvaluation, EvalMetrics } from "../../api/payloads/evaluation";
import type { LogEntry, TrainingView } from "../../api/payloads/training";

const WIDTH = 480;
const HEIGHT = 180;
const PAD = { left: 48, right: 12, top: 10, bottom: 24 };
/** Points per curve: plenty for 480 px, and keeps the SVG a few KB on runs of any length. */
const MAX_POINTS = 480;
const COLORS = { loss: "#2563eb", eval: "#ea580c" };

type Point = [step: number, loss: number];

/** `summary` is the bundle's text line (status, step, backend), shown above the chart. */
export function trainingHtml(view: TrainingView, summary: string): string {
  const fromSteps = view.stepHistory.map((p): Point => [p.step, p.loss]);
  const loss = fromSteps.length ? fromSteps : points(view.logHistory, "loss");
  const evals = points(view.evalResults, "eval_loss");
  const lines = summary.split("\n").map((l) => `<div>${escapeHtml(l)}</div>`).join("");
  const rows = view.evalResults.map((e) => htmlRow([e.step, e.epoch, e.eval_loss, Math.exp(e.eval_loss)].map((v) => (v === undefined ? "" : formatNumber(v)))));
  const table = rows.length ? htmlTable(["step", "epoch", "eval_loss", "perplexity"], rows) : "";
  return htmlBox(lines + chart(thin(loss), evals, Math.max(view.maxSteps, ...loss.map((p) => p[0]), ...evals.map((p) => p[0]))) + table);
}

export function evaluationHtml(metrics: EvalMetrics, step: number, before: EarlierEvaluation | null): string {
  const header = ["", "step", "eval_loss", "perplexity"];
  const now = ["now", String(step), formatNumber(metrics.eval_loss), formatNumber(metrics.perplexity)];
  const rows = (before ? [["before", String(before.step), formatNumber(before.eval_loss), formatNumber(before.perplexity)], now] : [now]).map(htmlRow);
  const change = before ? `<div>perplexity ×${(metrics.perplexity / before.perplexity).toFixed(2)} since step ${before.step}</div>` : "";
  const speed = `<div style="color:#6b7280">${formatNumber(metrics.eval_runtime)} s, ${formatNumber(metrics.eval_samples_per_second)} samples/s</div>`;
  return htmlBox(htmlTable(header, rows) + change + speed);
}

function points(entries: LogEntry[], key: string): Point[] {
  return entries.filter((e) => Number.isFinite(e[key]) && Number.isFinite(e.step)).map((e): Point => [e.step, e[key]]);
}

/** Every n-th point (and the last), so that at most MAX_POINTS are drawn. */
function thin(series: Point[]): Point[] {
  const stride = Math.ceil(series.length / MAX_POINTS);
  return stride <= 1 ? series : series.filter((_, i) => i % stride === 0 || i === series.length - 1);
}

function chart(loss: Point[], evals: Point[], maxStep: number): string {
  const all = [...loss, ...evals].map((p) => p[1]);
  if (all.length === 0) return "";
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || Math.abs(hi) || 1;
  const [yMin, yMax] = [lo - span * 0.05, hi + span * 0.05];
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (step: number): string => (PAD.left + (maxStep > 0 ? step / maxStep : 0) * innerW).toFixed(1);
  const y = (v: number): string => (PAD.top + (1 - (v - yMin) / (yMax - yMin)) * innerH).toFixed(1);
  const path = (series: Point[], color: string, name: string): string =>
    series.length ? `<path data-series="${name}" d="${series.map(([s, v], i) => `${i ? "L" : "M"}${x(s)} ${y(v)}`).join("")}" fill="none" stroke="${color}" stroke-width="1.5"/>` : "";
  const dots = evals.map(([s, v]) => `<circle cx="${x(s)}" cy="${y(v)}" r="3" fill="${COLORS.eval}"/>`).join("");
  const text = (tx: number | string, ty: number | string, anchor: string, body: string): string => `<text x="${tx}" y="${ty}" text-anchor="${anchor}" font-size="10" fill="#6b7280">${body}</text>`;
  const axes =
    `<path d="M${PAD.left} ${PAD.top}V${HEIGHT - PAD.bottom}H${WIDTH - PAD.right}" fill="none" stroke="#9ca3af"/>` +
    text(PAD.left - 4, Number(y(hi)) + 3, "end", formatNumber(hi)) +
    // A flat curve (or a single point) has one value: one label, not the same one printed twice in one place.
    (formatNumber(lo) !== formatNumber(hi) ? text(PAD.left - 4, Number(y(lo)) + 3, "end", formatNumber(lo)) : "") +
    text(PAD.left, HEIGHT - 8, "middle", "0") +
    text(WIDTH - PAD.right, HEIGHT - 8, "end", `step ${maxStep}`);
  const legend =
    (loss.length ? text(WIDTH - PAD.right, PAD.top + 8, "end", `<tspan fill="${COLORS.loss}">— loss</tspan>`) : "") +
    (evals.length ? text(WIDTH - PAD.right, PAD.top + 20, "end", `<tspan fill="${COLORS.eval}">— eval_loss</tspan>`) : "");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="loss by step">${axes}${path(loss, COLORS.loss, "loss")}${path(evals, COLORS.eval, "eval_loss")}${dots}${legend}</svg>`;
}
