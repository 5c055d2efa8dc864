// The text/html half of our output bundles, read outside the app (JupyterLab, GitHub, nbconvert),
// which know nothing of our own MIME types. Each view's HTML is built from escaped text and inline
// styles only: no scripts, no classes, no external sheets, since those viewers strip or ignore them.

/** Most characters one output's HTML may take; builders keep under it by what they choose to show. */
export const HTML_LIMIT = 200_000;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** At most `max` characters, with an ellipsis where the rest was cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A number as the views print it: 4 significant digits, small and large ones in exponent form. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : String(+value.toPrecision(4));
}

/** The outer box every view's HTML sits in: one font, so the pieces line up in any viewer. */
export function htmlBox(inner: string): string {
  return `<div style="font-family:system-ui,sans-serif;font-size:13px;line-height:1.4">${inner}</div>`;
}

/** A horizontal bar for a share in [0, 1] (progress, a fill-mask score). */
export function htmlBar(share: number, width = 160): string {
  const filled = Math.round(Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0)) * width);
  return `<span style="display:inline-block;vertical-align:middle;width:${width}px;height:10px;background:#e5e7eb;border-radius:2px"><span style="display:block;width:${filled}px;height:10px;background:#2563eb;border-radius:2px"></span></span>`;
}

const CELL = "border:1px solid #d1d5db;padding:2px 6px;text-align:left;vertical-align:top";

/** One table row of already escaped cell HTML, for htmlTable. */
export function htmlRow(cells: string[]): string {
  return `<tr>${cells.map((c) => `<td style="${CELL}">${c}</td>`).join("")}</tr>`;
}

/** A plain table: a header row of escaped HTML, and rows from htmlRow. */
export function htmlTable(header: string[], rows: string[]): string {
  const head = header.map((h) => `<th style="${CELL};background:#f3f4f6">${h}</th>`).join("");
  return `<table style="border-collapse:collapse;margin:4px 0"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The first parts whose lengths add up to at most `budget` characters: how a builder keeps under HTML_LIMIT. */
export function takeWithin(parts: string[], budget: number): string[] {
  let used = 0;
  const kept: string[] = [];
  for (const part of parts) {
    used += part.length;
    if (used > budget) break;
    kept.push(part);
  }
  return kept;
}
