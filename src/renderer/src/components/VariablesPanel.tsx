// The kernel's names: type, size and the cell that defined them, refreshed after each run.
import { useEffect, useState } from "react";
import type { NotebookDoc, VariableInfo } from "../../../api/index";
import { useNotebookContext } from "../state/context";

interface Props {
  doc: NotebookDoc;
  /** Changes whenever a run ends, so the list is fetched again. */
  runsSeen: string;
  onShowCell(cellId: string): void;
}

export function VariablesPanel({ doc, runsSeen, onShowCell }: Props) {
  const { api } = useNotebookContext();
  const [variables, setVariables] = useState<VariableInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api.variables().then(
      (v) => { if (current) { setVariables(v); setError(null); } },
      (e: unknown) => { if (current) setError(e instanceof Error ? e.message : String(e)); },
    );
    return () => { current = false; };
  }, [api, runsSeen]);

  const cellNumber = (id: string | null) => {
    const at = doc.cells.findIndex((c) => c.id === id);
    return at < 0 ? null : at + 1;
  };
  return (
    <aside className="variables-panel" data-testid="variables-panel">
      <h2>Variables</h2>
      {error && <p className="muted">{error}</p>}
      {variables && variables.length === 0 && <p className="muted">No names yet: run a cell.</p>}
      {variables && variables.length > 0 && (
        <table>
          <thead><tr><th>name</th><th>type</th><th>size</th><th>cell</th></tr></thead>
          <tbody>
            {variables.map((v) => {
              const n = cellNumber(v.cellId);
              return (
                <tr key={v.name} data-testid="variable-row" data-name={v.name}>
                  <td className="var-name">{v.name}</td>
                  <td>{v.type}</td>
                  <td>{v.size}</td>
                  <td>{n !== null && v.cellId ? <button type="button" className="link" onClick={() => onShowCell(v.cellId!)}>{n}</button> : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </aside>
  );
}
