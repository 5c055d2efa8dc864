// An evaluation: perplexity large (exp of the eval loss, as the tutorial computes it), with the loss
// and runtime beside it; after fine-tuning, the same rows' evaluation before it, side by side.
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";
import { isEvaluationView } from "../../../api/index";

const shown = (perplexity: number): string => (Number.isFinite(perplexity) ? perplexity.toFixed(2) : String(perplexity));

export function EvaluationView(props: ViewProps) {
  const r = props.data;
  if (!isEvaluationView(r)) return <TextPlainView {...props} data={JSON.stringify(r)} />;
  const before = r.before ?? null;
  return (
    <div className="evaluation-view" data-testid="evaluation-view" data-perplexity={r.perplexity} data-perplexity-before={before?.perplexity}>
      {before && (
        <>
          <div className="perplexity before" data-testid="perplexity-before">
            <span className="big">{shown(before.perplexity)}</span>
            <span>perplexity before (step {before.step})</span>
          </div>
          <div className="perplexity-change" data-testid="perplexity-change">→ ×{(r.perplexity / before.perplexity).toFixed(2)} →</div>
        </>
      )}
      <div className="perplexity"><span className="big" data-testid="perplexity">{shown(r.perplexity)}</span><span>{before ? `perplexity after (step ${r.step ?? "?"})` : "perplexity"}</span></div>
      <dl>
        <dt>eval_loss</dt><dd>{r.eval_loss.toFixed(4)}{before ? ` (was ${before.eval_loss.toFixed(4)})` : ""}</dd>
        <dt>eval_runtime</dt><dd>{r.eval_runtime.toFixed(2)} s</dd>
        <dt>samples/s</dt><dd>{r.eval_samples_per_second.toFixed(1)}</dd>
      </dl>
    </div>
  );
}
