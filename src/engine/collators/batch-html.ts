// A collated batch as HTML for viewers outside the app: each sequence's tokens, the positions the
// collator selected marked by what it did (<mask>, a random token, kept) with the label beside it.
import { escapeHtml, HTML_LIMIT, htmlBox, takeWithin } from "../runtime/html";
import type { BatchSequenceView, BatchView, MaskingAction } from "../../api/payloads/batch";

const MARKS: Record<MaskingAction, { color: string; words: string }> = {
  mask: { color: "#fde68a", words: "→ &lt;mask&gt;" },
  random: { color: "#fecaca", words: "→ random" },
  kept: { color: "#bbf7d0", words: "kept" },
};

/** Byte-level BPE's marks for a leading space (Ġ) and a newline (Ċ), as visible marks. */
function shown(token: string): string {
  return escapeHtml(token.replace(/^Ġ/, "·").replace(/Ċ/g, "⏎"));
}

export function batchHtml(view: BatchView): string {
  const c = view.counts;
  const share = c.maskable ? ((100 * c.selected) / c.maskable).toFixed(1) : "0";
  const legend = (Object.keys(MARKS) as MaskingAction[]).map((a) => `<span style="background:${MARKS[a].color};padding:0 4px;border-radius:3px">${c[a]} ${MARKS[a].words}</span>`).join(" ");
  const summary = `<div>Batch of ${view.numSequences} × ${view.sequenceLength}: ${c.selected} of ${c.maskable} maskable tokens selected (${share}%, mlmProbability ${view.mlmProbability}) ${legend}</div>`;
  // As many of the view's sequences as fit (a 128-token one takes ~4 KB), less room for the summary.
  const drawn = takeWithin(view.sequences.map(sequenceHtml), HTML_LIMIT - summary.length - 1_000);
  const more = view.numSequences - drawn.length;
  const rest = more > 0 ? `<div style="color:#6b7280">${more} more sequence${more === 1 ? "" : "s"} not shown</div>` : "";
  return htmlBox(summary + drawn.join("") + rest);
}

function sequenceHtml(s: BatchSequenceView, row: number): string {
  const parts: string[] = [];
  let padding = 0;
  s.input_ids.forEach((id, i) => {
    if (s.attention_mask[i] === 0) return void padding++;
    const token = shown(s.tokens?.[i] ?? String(id));
    const action = s.masking[i];
    if (!action) return void parts.push(token);
    const label = s.label_tokens?.[i] ?? (s.labels[i] >= 0 ? String(s.labels[i]) : null);
    const sub = action !== "kept" && label !== null ? `<sub>${shown(label)}</sub>` : "";
    parts.push(`<span style="background:${MARKS[action].color};border-radius:3px;padding:0 2px" title="position ${i}: ${MARKS[action].words}">${token}${sub}</span>`);
  });
  const pad = padding ? ` <span style="color:#9ca3af">+${padding} padding</span>` : "";
  return `<div style="font-family:ui-monospace,monospace;margin:3px 0;white-space:pre-wrap;word-break:break-all"><span style="color:#6b7280">${row}</span> ${parts.join(" ")}${pad}</div>`;
}
