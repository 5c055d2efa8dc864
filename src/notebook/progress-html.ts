// A progress report as HTML, beside progress-text.ts's line: the kernel's text/html for viewers
// outside the app, a bar and the same figures.
import { escapeHtml, htmlBar, htmlBox } from "../engine/runtime/html";
import type { ProgressReport } from "../api/index";
import { progressFigures } from "./progress-text";

export function progressHtml(r: ProgressReport): string {
  const bar = r.total ? `${htmlBar(r.done / r.total, 200)} ` : "";
  return htmlBox(`<div><b>${escapeHtml(r.label)}</b> ${bar}${escapeHtml(progressFigures(r))}</div>`);
}
