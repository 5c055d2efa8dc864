// The notebook window: toolbar, notices, the cell list, and ways to add cells.
import { useCallback, useRef, useState } from "react";
import type { CellType } from "../../../api/index";
import type { EditorHandle } from "../editor/CellEditor";
import { attempt, useNotebookContext } from "../state/context";
import { useNotebook } from "../state/store";
import { CellView, type CellCommands } from "./CellView";
import { Notices } from "./Notices";
import { PathDialog } from "./PathDialog";
import { StartPage, isBlank } from "./StartPage";
import { Toolbar } from "./Toolbar";
import { VariablesPanel } from "./VariablesPanel";

interface PathRequest {
  title: string;
  initial: string;
  resolve(path: string | null): void;
}

export function App() {
  const { api, store } = useNotebookContext();
  const { doc, kernel, notices } = useNotebook(store);
  const editors = useRef(new Map<string, EditorHandle>());
  const modelNumbers = useRef(new Map<string, number>());
  const [focusId, setFocusId] = useState<string | null>(null);
  const [pathRequest, setPathRequest] = useState<PathRequest | null>(null);
  const [showVariables, setShowVariables] = useState(false);
  // The start page: null follows the document (shown while it is blank); true/false once asked.
  const [startChoice, setStartChoice] = useState<boolean | null>(null);

  const askPath = useCallback((title: string, initial: string) => new Promise<string | null>((resolve) => setPathRequest({ title, initial, resolve })), []);

  const addCell = (index: number, type: CellType) => attempt(store, "Adding a cell", async () => setFocusId(await api.addCell(index, type, "")));

  const commands: CellCommands = {
    register(cellId, handle) {
      if (handle) editors.current.set(cellId, handle);
      else editors.current.delete(cellId);
    },
    advance(fromId) {
      const cells = store.get().doc?.cells ?? [];
      const at = cells.findIndex((c) => c.id === fromId);
      const next = cells[at + 1];
      if (!next) { addCell(cells.length, "code"); return; }
      const handle = editors.current.get(next.id);
      if (handle) handle.focus();
      else setFocusId(next.id);
    },
  };

  if (!doc) return (
    <div className="app">
      <Notices notices={notices} />
      <div className="loading" data-testid="loading">Connecting to the kernel…</div>
    </div>
  );

  const numberFor = (id: string) => {
    let n = modelNumbers.current.get(id);
    if (n === undefined) { n = modelNumbers.current.size + 1; modelNumbers.current.set(id, n); }
    return n;
  };

  const showStart = startChoice ?? isBlank(doc);

  // Which runs have ended (cell and count), so the variables panel knows when to ask again.
  const runsSeen = doc.cells.map((c) => `${c.executionCount ?? ""}${c.state.phase}`).join(",") + kernel;
  const showCell = (cellId: string) => {
    document.querySelector(`[data-cell-id="${CSS.escape(cellId)}"]`)?.scrollIntoView({ block: "center" });
    editors.current.get(cellId)?.focus();
  };

  return (
    <div className={`app${showVariables ? " with-panel" : ""}`}>
      <Toolbar doc={doc} kernel={kernel} askPath={askPath} showVariables={showVariables} onToggleVariables={() => setShowVariables((v) => !v)}
        showStart={showStart} onToggleStart={() => setStartChoice(!showStart)} />
      <Notices notices={notices} />
      {showVariables && <VariablesPanel doc={doc} runsSeen={runsSeen} onShowCell={showCell} />}
      <main className="cells" data-testid="cells">
        {showStart && <StartPage onOpened={(id) => setStartChoice(id === "blank" ? false : null)} onClose={() => setStartChoice(false)} />}
        {doc.cells.map((cell, index) => (
          <CellView
            key={cell.id}
            cell={cell}
            index={index}
            count={doc.cells.length}
            modelNumber={numberFor(cell.id)}
            autoFocus={cell.id === focusId}
            commands={commands}
          />
        ))}
        <div className="add-cell">
          <button type="button" data-testid="add-code" onClick={() => addCell(doc.cells.length, "code")}>+ Code</button>
          <button type="button" data-testid="add-markdown" onClick={() => addCell(doc.cells.length, "markdown")}>+ Markdown</button>
        </div>
      </main>
      {pathRequest && (
        <PathDialog
          title={pathRequest.title}
          initial={pathRequest.initial}
          onDone={(path) => { pathRequest.resolve(path); setPathRequest(null); }}
        />
      )}
    </div>
  );
}
