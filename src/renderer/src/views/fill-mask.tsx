// Fill-mask predictions: for each <mask> in the text (or in each of a list of texts), the top
// tokens with their probabilities as bars.
import { fillMaskPayloads } from "../../../api/index";
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";

export function FillMaskView(props: ViewProps) {
  const texts = fillMaskPayloads(props.data);
  if (!texts) return <TextPlainView {...props} data={JSON.stringify(props.data)} />;
  return (
    <div className="fill-mask-view" data-testid="fill-mask-view">
      {texts.map((r, t) => (
        <div key={t} className="fill-mask-input">
          <div className="fill-mask-text">{r.text}</div>
          {r.masks.map((predictions, m) => (
            <div key={m} className="fill-mask-list">
              {r.masks.length > 1 && <div className="muted">mask {m + 1}</div>}
              {predictions.map((p) => (
                <div key={p.token} className="fill-mask-row" data-testid="fill-mask-row" data-token={p.token_str} data-score={p.score} title={p.sequence}>
                  <span className="fill-mask-token">{p.token_str}</span>
                  <span className="fill-mask-bar"><span style={{ width: `${Math.max(0, Math.min(1, p.score)) * 100}%` }} /></span>
                  <span className="fill-mask-score">{p.score >= 1e-3 ? p.score.toFixed(4) : p.score.toExponential(2)}</span>
                </div>
              ))}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
