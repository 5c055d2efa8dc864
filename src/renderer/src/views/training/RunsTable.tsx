// The notebook's training runs, one row each: the parameters that differ between them, eval loss and
// perplexity, when and how long; sort by any column, show or hide a run in the charts, delete it,
// and read the cells it ran from as they were.
import { Fragment, useState } from "react";
import type { RunRecord } from "../../../../api/index";
import { formatDuration } from "../../state/cell-labels";
import { attempt, useNotebookContext } from "../../state/context";
import { formatParam, runColor, runParams } from "./runs";

type SortKey = { column: string; descending: boolean };

const FIXED: { column: string; title: string; value: (r: RunRecord) => number | string }[] = [
  { column: "eval_loss", title: "eval_loss", value: (r) => r.metrics.eval_loss ?? Number.NaN },
  { column: "perplexity", title: "perplexity", value: (r) => r.metrics.perplexity ?? Number.NaN },
  { column: "startedAt", title: "started", value: (r) => r.startedAt },
  { column: "duration", title: "time", value: (r) => r.endedAt - r.startedAt },
];

function compare(a: number | string | unknown, b: number | string | unknown): number {
  if (typeof a === "number" && typeof b === "number") return (Number.isNaN(a) ? Infinity : a) - (Number.isNaN(b) ? Infinity : b);
  return String(a ?? "").localeCompare(String(b ?? ""));
}

export function RunsTable({ runs, keys, currentRunId }: { runs: RunRecord[]; keys: string[]; currentRunId: string | null }) {
  const { api, store } = useNotebookContext();
  const [sort, setSort] = useState<SortKey>({ column: "startedAt", descending: false });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const valueOf = (r: RunRecord, column: string): unknown => FIXED.find((f) => f.column === column)?.value(r) ?? (column === "name" ? r.name : column === "status" ? r.status : runParams(r)[column]);
  const rows = runs.map((r, index) => ({ r, index })).sort((a, b) => compare(valueOf(a.r, sort.column), valueOf(b.r, sort.column)) * (sort.descending ? -1 : 1));
  const header = (column: string, title: string) => (
    <th key={column} aria-sort={sort.column === column ? (sort.descending ? "descending" : "ascending") : "none"}>
      <button type="button" className="link" data-testid="runs-sort" data-column={column}
        onClick={() => setSort((s) => ({ column, descending: s.column === column ? !s.descending : false }))}>
        {title}{sort.column === column ? (sort.descending ? " ▾" : " ▴") : ""}
      </button>
    </th>
  );
  const columns = 5 + keys.length + FIXED.length;
  return (
    <table className="runs-table" data-testid="runs-table" data-runs={runs.length}>
      <thead>
        <tr>
          <th title="show in the charts">shown</th>
          {header("name", "run")}
          {header("status", "status")}
          {keys.map((k) => header(k, k))}
          {FIXED.map((f) => header(f.column, f.title))}
          <th />
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map(({ r, index }) => {
          const params = runParams(r);
          return (
            <Fragment key={r.id}>
              <tr data-testid="run-row" data-run-id={r.id} data-hidden={r.hidden ? "true" : "false"} data-current={r.id === currentRunId ? "true" : undefined}>
                <td><input type="checkbox" data-testid="run-shown" aria-label={`show ${r.name} in the charts`} checked={!r.hidden}
                  onChange={(e) => attempt(store, "Showing or hiding the run", () => api.updateRun(r.id, { kind: "hide", hidden: !e.target.checked }))} /></td>
                <td><span className="swatch" style={{ borderColor: runColor(index) }} />{r.name}</td>
                <td className={`run-status ${r.status}`}>{r.status}</td>
                {keys.map((k) => <td key={k} data-testid="run-param" data-param={k}>{formatParam(params[k])}</td>)}
                <td data-testid="run-eval-loss">{r.metrics.eval_loss?.toFixed(4) ?? "—"}</td>
                <td data-testid="run-perplexity">{r.metrics.perplexity?.toFixed(2) ?? "—"}</td>
                <td title={new Date(r.startedAt).toISOString()}>{new Date(r.startedAt).toLocaleTimeString()}</td>
                <td>{formatDuration(r.endedAt - r.startedAt)}</td>
                <td><button type="button" data-testid="run-cells" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>cells</button></td>
                <td>
                  {confirming === r.id
                    ? <button type="button" className="danger" data-testid="run-delete-confirm" onClick={() => { setConfirming(null); attempt(store, "Deleting the run", () => api.updateRun(r.id, { kind: "delete" })); }}>delete {r.name}?</button>
                    : <button type="button" data-testid="run-delete" onClick={() => setConfirming(r.id)}>delete</button>}
                </td>
              </tr>
              {open === r.id && (
                <tr className="run-cells">
                  <td colSpan={columns}>
                    {r.cells.length === 0 ? <span className="muted">No cells were kept with this run.</span> : r.cells.map((c, i) => (
                      <div key={c.id} className="run-cell">
                        <pre data-testid="run-cell-source" aria-label={`cell ${i + 1} of ${r.name}`}>{c.source}</pre>
                        <button type="button" data-testid="run-cell-add" title="Add this source as a new code cell at the end of the notebook"
                          onClick={() => attempt(store, "Adding the cell", () => api.addCell(store.get().doc?.cells.length ?? 0, "code", c.source))}>add as a new cell</button>
                      </div>
                    ))}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
