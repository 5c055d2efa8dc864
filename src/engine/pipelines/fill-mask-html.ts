// Fill-mask predictions as HTML for viewers outside the app: per text, per <mask>, the top tokens
// with their probabilities as bars.
import { escapeHtml, formatNumber, htmlBar, htmlBox } from "../runtime/html";
import type { FillMaskPayload } from "../../api/payloads/fill-mask";

export function fillMaskHtml(payloads: FillMaskPayload[]): string {
  return htmlBox(payloads.map(textHtml).join(""));
}

function textHtml({ text, masks }: FillMaskPayload): string {
  const lists = masks.map((predictions, m) => {
    const title = masks.length > 1 ? `<div style="color:#6b7280">mask ${m + 1}</div>` : "";
    const rows = predictions.map(
      (p) =>
        `<div title="${escapeHtml(p.sequence)}"><code style="display:inline-block;min-width:8em">${escapeHtml(JSON.stringify(p.token_str))}</code> ${htmlBar(p.score)} ${formatNumber(p.score)}</div>`,
    );
    return title + rows.join("");
  });
  return `<div style="margin:6px 0"><div style="font-weight:600">${escapeHtml(text)}</div>${lists.join("")}</div>`;
}
