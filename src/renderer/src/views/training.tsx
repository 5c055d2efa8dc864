// A training run, live: where it is (steps, epoch, rate, elapsed, ETA, tokens/s, backend), the loss
// and eval-loss curves with smoothing (linear or log scale), the learning-rate schedule, the log
// history as CSV; over it the notebook's other shown runs, each in its colour, and the runs table.
import { useMemo, useState } from "react";
import { isTrainingView, notebookRuns, type RunRecord } from "../../../api/index";
import { formatDuration } from "../state/cell-labels";
import { useNotebookContext } from "../state/context";
import { useNotebook } from "../state/store";
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";
import { Chart, type Series } from "./training/Chart";
import { curvePoints, differingKeys, runColor, runLabel } from "./training/runs";
import { RunsTable } from "./training/RunsTable";
import { historyCsv, series, smooth, thin } from "./training/series";

const MAX_POINTS = 2000;

export function TrainingView(props: ViewProps) {
  const run = props.data;
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(false);
  const { doc } = useNotebook(useNotebookContext().store);
  const records = useMemo(() => notebookRuns(doc?.metadata ?? {}), [doc?.metadata]);
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

  // This run (its record once kept), and the other runs the table shows in the charts.
  const ownIndex = records.findIndex((r) => r.id === run.runId);
  const own = ownIndex >= 0 ? records[ownIndex] : null;
  const others = records.map((r, index) => ({ r, index })).filter(({ r }) => r.id !== run.runId && !r.hidden);
  const keys = differingKeys([...(own ? [own] : []), ...others.map((o) => o.r)]);
  const compared = others.length > 0;
  const ownColor = compared ? runColor(ownIndex >= 0 ? ownIndex : records.length) : "var(--accent)";
  const ownName = compared ? `${own ? runLabel(own, keys) : "this run"} ` : "";
  const overlay = (pick: (r: RunRecord, color: string, label: string) => Series[]): Series[] => others.flatMap(({ r, index }) => pick(r, runColor(index), runLabel(r, keys)));
  const lossLines: Series[] = [
    { name: `${ownName}loss`, points: curves.loss, color: ownColor, faint: smoothing > 0 },
    ...(smoothing > 0 ? [{ name: `${ownName}loss (smoothed ${smoothing})`, points: curves.smoothed, color: ownColor }] : []),
    { name: `${ownName}eval_loss`, points: curves.evalLoss, color: compared ? ownColor : "var(--warn)", dots: true, dashed: compared },
    ...overlay((r, color, label) => [
      { name: `${label} loss`, points: thin(smooth(curvePoints(r.curves.loss), smoothing), MAX_POINTS), color },
      { name: `${label} eval_loss`, points: curvePoints(r.curves.eval_loss), color, dots: true, dashed: true },
    ]),
  ];
  const lrLines: Series[] = [
    { name: `${ownName}learning_rate`, points: curves.lr, color: compared ? ownColor : "var(--ok)" },
    ...overlay((r, color, label) => [{ name: `${label} learning_rate`, points: curvePoints(r.curves.learning_rate), color }]),
  ];

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
        <Chart title="Loss" testId="loss-chart" log={log} lines={lossLines} />
        <Chart title="Learning rate" testId="lr-chart" lines={lrLines} />
      </div>
      <div className="training-tools">
        <label>smoothing <input type="range" min={0} max={0.99} step={0.01} value={smoothing} data-testid="smoothing" onChange={(e) => setSmoothing(Number(e.target.value))} /> {smoothing.toFixed(2)}</label>
        <label title="A log scale shows a loss that falls over decades; it needs every value above 0."><input type="checkbox" checked={log} data-testid="log-scale" onChange={(e) => setLog(e.target.checked)} /> log scale</label>
        <button type="button" data-testid="export-csv" onClick={downloadCsv}>Export CSV</button>
        {run.lastCheckpoint && <span className="muted">last checkpoint: {run.lastCheckpoint}</span>}
      </div>
      {records.length > 0 && <RunsTable runs={records} keys={differingKeys(records)} currentRunId={run.runId ?? null} />}
    </div>
  );
}
