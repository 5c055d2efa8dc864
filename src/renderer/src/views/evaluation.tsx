// An evaluation: perplexity large (exp of the eval loss, as the tutorial computes it), with the loss
// and runtime beside it.
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";
import { isEvaluationPayload } from "./training/payload";

export function EvaluationView(props: ViewProps) {
  const r = props.data;
  if (!isEvaluationPayload(r)) return <TextPlainView {...props} data={JSON.stringify(r)} />;
  return (
    <div className="evaluation-view" data-testid="evaluation-view" data-perplexity={r.perplexity}>
      <div className="perplexity"><span className="big" data-testid="perplexity">{Number.isFinite(r.perplexity) ? r.perplexity.toFixed(2) : String(r.perplexity)}</span><span>perplexity</span></div>
      <dl>
        <dt>eval_loss</dt><dd>{r.eval_loss.toFixed(4)}</dd>
        <dt>eval_runtime</dt><dd>{r.eval_runtime.toFixed(2)} s</dd>
        <dt>samples/s</dt><dd>{r.eval_samples_per_second.toFixed(1)}</dd>
      </dl>
    </div>
  );
}
