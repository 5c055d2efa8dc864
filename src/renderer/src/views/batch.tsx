// A collated batch (DataCollatorForLanguageModeling): each sequence as token chips, the positions
// the collator selected marked by what it did (→ <mask>, → a random token, kept), with the original
// token (the label) beside each.
import { isBatchView, type MaskingAction } from "../../../api/index";
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";

const ACTION_WORDS: Record<MaskingAction, string> = { mask: "→ <mask>", random: "→ random", kept: "kept" };

/** Byte-level BPE marks a leading space with Ġ (and a newline with Ċ); show them as visible marks. */
function shown(token: string): string {
  return token.replace(/^Ġ/, "·").replace(/Ċ/g, "⏎");
}

export function BatchView(props: ViewProps) {
  const b = props.data;
  if (!isBatchView(b)) return <TextPlainView {...props} data={JSON.stringify(b)} />;
  const c = b.counts;
  const share = c.maskable ? ((100 * c.selected) / c.maskable).toFixed(1) : "0";
  return (
    <div className="batch-view" data-testid="batch-view" data-selected={c.selected} data-mask={c.mask} data-random={c.random} data-kept={c.kept}>
      <div className="batch-summary">
        batch {b.numSequences} × {b.sequenceLength} · {c.selected} of {c.maskable} maskable tokens selected ({share}%, mlmProbability {b.mlmProbability})
        · <span className="chip mask">{c.mask} → &lt;mask&gt;</span> <span className="chip random">{c.random} → random</span> <span className="chip kept">{c.kept} kept</span>
      </div>
      {b.sequences.map((s, row) => (
        <div className="batch-sequence" key={row} data-testid="batch-sequence">
          <span className="batch-row">{row}</span>
          {s.input_ids.map((id, i) => {
            const action = s.masking[i];
            const token = s.tokens?.[i] ?? String(id);
            const label = s.label_tokens?.[i] ?? (s.labels[i] >= 0 ? String(s.labels[i]) : null);
            const padding = s.attention_mask[i] === 0;
            return (
              <span key={i} className={`chip${action ? ` ${action}` : ""}${padding ? " padding" : ""}`} data-testid="batch-token" data-masking={action ?? ""} data-position={i}
                title={action ? `position ${i}: ${ACTION_WORDS[action]}; label ${label}` : `position ${i}: id ${id}${padding ? " (padding)" : ""}`}>
                {shown(token)}
                {action && action !== "kept" && label !== null && <sub className="label">{shown(label)}</sub>}
              </span>
            );
          })}
        </div>
      ))}
      {b.numSequences > b.sequences.length && <div className="muted">{b.numSequences - b.sequences.length} more sequences not shown</div>}
    </div>
  );
}
