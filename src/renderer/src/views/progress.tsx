// A long operation's progress (the engine's startProgress reports, updated in place by display id):
// a bar with done/total, rate, elapsed time and ETA.
import { isProgressReport } from "../../../api/index";
import { formatDuration } from "../state/cell-labels";
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";

const figure = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 3 }));

export function ProgressView(props: ViewProps) {
  const p = props.data;
  if (!isProgressReport(p)) return <TextPlainView {...props} data={JSON.stringify(p)} />;
  const fraction = p.total ? Math.min(1, p.done / p.total) : null;
  const eta = p.finished ? "done" : p.etaMs === null ? "ETA unknown" : `ETA ${formatDuration(p.etaMs)}`;
  return (
    <div className="progress-view" data-testid="progress-view" data-done={p.done} data-total={p.total ?? ""} data-finished={p.finished}>
      <span className="progress-label">{p.label}</span>
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={p.total ?? undefined} aria-valuenow={p.done}>
        <div className={`progress-fill${fraction === null ? " indeterminate" : ""}`} style={{ width: `${(fraction ?? 1) * 100}%` }} />
      </div>
      <span className="progress-figures">
        {figure(p.done)}{p.total !== null ? `/${figure(p.total)}` : ""} {p.unit} · {figure(Math.round(p.rate * 10) / 10)} {p.unit}/s · {formatDuration(p.elapsedMs)} · {eta}
        {p.extra && Object.entries(p.extra).map(([k, v]) => <span key={k}> · {k} {typeof v === "number" ? figure(v) : v}</span>)}
      </span>
    </div>
  );
}
