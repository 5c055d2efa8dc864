// One cell: gutter (run, execution count), editor or rendered markdown, status, freshness, outputs.
// Its state is on the element as data- attributes, which the e2e specs select on.
import { useRef, useState } from "react";
import type { Cell } from "../../../api/index";
import { CellEditor, type EditorHandle } from "../editor/CellEditor";
import { attempt, useNotebookContext } from "../state/context";
import { freshnessLabel, phaseLabel } from "../state/cell-labels";
import { errorPosition } from "../state/error-position";
import { useNow } from "../state/use-now";
import { Markdown } from "./Markdown";
import { Outputs } from "./Outputs";

export interface CellCommands {
  /** Focus the next cell (adding one at the end, as Jupyter does). */
  advance(fromId: string): void;
  register(cellId: string, handle: EditorHandle | null): void;
}

interface Props {
  cell: Cell;
  index: number;
  count: number;
  modelNumber: number;
  autoFocus: boolean;
  commands: CellCommands;
}

export function CellView({ cell, index, count, modelNumber, autoFocus, commands }: Props) {
  const { api, store } = useNotebookContext();
  const editor = useRef<EditorHandle | null>(null);
  const [editingMarkdown, setEditingMarkdown] = useState(cell.type === "markdown" && cell.source.trim() === "");
  const now = useNow(cell.state.phase === "running");
  const isCode = cell.type === "code";

  const flush = async () => { await editor.current?.flush(); };
  const run = (advance: boolean) => {
    if (isCode) attempt(store, "Running the cell", async () => { await flush(); await api.runCell(cell.id); });
    else { void flush(); setEditingMarkdown(false); }
    if (advance) commands.advance(cell.id);
  };
  const bind = (handle: EditorHandle | null) => {
    editor.current = handle;
    commands.register(cell.id, handle);
  };
  const freshness = freshnessLabel(cell.state);
  const showEditor = isCode || editingMarkdown;

  return (
    <section
      className={`cell cell-${cell.type} phase-${cell.state.phase} fresh-${cell.state.freshness.kind}`}
      data-testid="cell"
      data-cell-id={cell.id}
      data-cell-type={cell.type}
      data-cell-phase={cell.state.phase}
      data-freshness={cell.state.freshness.kind}
      data-execution-count={cell.executionCount ?? ""}
    >
      <div className="cell-gutter">
        {isCode && (
          <>
            <button type="button" className="run" data-testid="run-cell" title="Run cell (Ctrl+Enter; Shift+Enter runs and moves on)" onClick={() => run(false)}>▶</button>
            <span className="exec-count" data-testid="execution-count">[{cell.state.phase === "queued" || cell.state.phase === "running" ? "*" : (cell.executionCount ?? " ")}]</span>
          </>
        )}
      </div>
      <div className="cell-main">
        {showEditor ? (
          <CellEditor
            modelNumber={modelNumber}
            language={isCode ? "typescript" : "markdown"}
            source={cell.source}
            onEdit={(source) => api.editCell(cell.id, source)}
            onRun={() => run(false)}
            onRunAndAdvance={() => run(true)}
            bind={bind}
            autoFocus={autoFocus || (!isCode && editingMarkdown)}
            error={isCode ? errorPosition(cell.outputs) : null}
          />
        ) : (
          <div className="markdown-cell" data-testid="markdown-rendered" onDoubleClick={() => setEditingMarkdown(true)} title="Double-click to edit">
            <Markdown source={cell.source} />
          </div>
        )}
        {isCode && (
          <div className="cell-status">
            <span data-testid="cell-status">{phaseLabel(cell.state, now)}</span>
            <span className={`freshness ${cell.state.freshness.kind}`} data-testid="freshness" title={freshness.title}>
              {freshness.text}{cell.state.freshness.kind === "outdated" ? `: ${freshness.title}` : ""}
            </span>
          </div>
        )}
        {isCode && <Outputs outputs={cell.outputs} api={api} />}
      </div>
      <div className="cell-tools">
        {isCode && <button type="button" title="Run this cell and all below" data-testid="run-from" onClick={() => attempt(store, "Running from here", async () => { await flush(); await api.runFrom(cell.id); })}>▶↓</button>}
        <button type="button" title="Move up" data-testid="move-up" disabled={index === 0} onClick={() => attempt(store, "Moving the cell", () => api.moveCell(cell.id, index - 1))}>↑</button>
        <button type="button" title="Move down" data-testid="move-down" disabled={index === count - 1} onClick={() => attempt(store, "Moving the cell", () => api.moveCell(cell.id, index + 1))}>↓</button>
        <button type="button" title="Delete cell" data-testid="delete-cell" onClick={() => attempt(store, "Deleting the cell", () => api.deleteCell(cell.id))}>✕</button>
      </div>
    </section>
  );
}
