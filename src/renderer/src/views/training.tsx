// A training run, live: where it is (steps, epoch, rate, elapsed, ETA, tokens/s, backend), the loss
// and eval-loss curves with smoothing, the learning-rate schedule, and the log history as CSV.
import { useMemo, useState } from "react";
import { formatDuration } from "../state/cell-labels";
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";
import { Chart } from "./training/Chart";
import { isTrainingView } from "../../../api/index";
import { historyCsv, series, smooth, thin } from "./training/series";

const MAX_POINTS = 2000;

export function TrainingView(props: ViewProps) {
  const run = props.data;
  const [smoothing, setSmoothing] = useState(0.6);
  const curves = useMemo(() => {
    if (!isTrainingView(run)) return null;
    // Per-step points when the engine sends them (HF logs only every loggingSteps), else the log history.
    const training = run.stepHistory?.length ? run.stepHistory : run.logHistory;
    const loss = series(training, "loss");
    return {
      loss: thin(loss, MAX_POINTS),
      smoothed: thin(smooth(loss, smoothing), MAX_POINTS),
      evalLoss: series(run.logHistory, "eval_loss"),
      lr: thin(series(training, "learning_rate"), MAX_POINTS),
    };
  }, [run, smoothing]);
  if (!isTrainingView(run) || !curves) return <TextPlainView {...props} data={JSON.stringify(run)} />;

  const fraction = run.maxSteps > 0 ? Math.min(1, run.globalStep / run.maxSteps) : 0;
  const rate = run.elapsedMs > 0 ? (run.globalStep * 1000) / run.elapsedMs : 0;
  const downloadCsv = () => {
    const url = URL.createObjectURL(new Blob([historyCsv(run.logHistory)], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "log_history.csv";
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="training-view" data-testid="training-view" data-status={run.status} data-step={run.globalStep} data-max-steps={run.maxSteps}>
      <div className="training-head">
        <span className={`run-status ${run.status}`} data-testid="training-status">{run.status}</span>
        <div className="progress-track wide" role="progressbar" aria-valuemin={0} aria-valuemax={run.maxSteps} aria-valuenow={run.globalStep} data-testid="training-progress">
          <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
        </div>
        <span className="progress-figures">
          step {run.globalStep}/{run.maxSteps} · epoch {run.epoch.toFixed(2)}/{run.numTrainEpochs} · {rate.toFixed(2)} steps/s
          · {formatDuration(run.elapsedMs)} elapsed · {run.status === "running" ? (run.etaMs === null ? "ETA unknown" : `ETA ${formatDuration(run.etaMs)}`) : "done"}
          {run.tokensPerSecond !== null && ` · ${Math.round(run.tokensPerSecond).toLocaleString("en-US")} tokens/s`}
        </span>
      </div>
      {run.backend?.backend && <div className="training-backend" data-testid="training-backend" title={run.backend.reason}>backend: <b>{run.backend.backend}</b>{run.backend.reason ? ` (${run.backend.reason})` : ""}</div>}
      {run.message && <div className={`training-message ${run.status}`}>{run.message}</div>}
      <div className="training-charts">
        <Chart title="Loss" testId="loss-chart" lines={[
          { name: "loss", points: curves.loss, color: "var(--accent)", faint: smoothing > 0 },
          ...(smoothing > 0 ? [{ name: `loss (smoothed ${smoothing})`, points: curves.smoothed, color: "var(--accent)" }] : []),
          { name: "eval_loss", points: curves.evalLoss, color: "var(--warn)", dots: true },
        ]} />
        <Chart title="Learning rate" testId="lr-chart" lines={[{ name: "learning_rate", points: curves.lr, color: "var(--ok)" }]} />
      </div>
      <div className="training-tools">
        <label>smoothing <input type="range" min={0} max={0.99} step={0.01} value={smoothing} data-testid="smoothing" onChange={(e) => setSmoothing(Number(e.target.value))} /> {smoothing.toFixed(2)}</label>
        <button type="button" data-testid="export-csv" onClick={downloadCsv}>Export CSV</button>
        {run.lastCheckpoint && <span className="muted">last checkpoint: {run.lastCheckpoint}</span>}
      </div>
    </div>
  );
}
