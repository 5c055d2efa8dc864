// Writes the notebook a spec starts from: a plain nbformat 4 file, as any Jupyter tool would write it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CellSpec {
  type?: "code" | "markdown";
  source: string;
}

export function writeNotebook(cells: CellSpec[]): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "mlm-e2e-"));
  const path = join(dir, "spec.ipynb");
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "mlm-notebook-ts", display_name: "TypeScript (MLM Notebook)", language: "typescript" } },
    cells: cells.map((c, i) => (c.type === "markdown"
      ? { cell_type: "markdown", id: `cell-${i + 1}`, metadata: {}, source: c.source }
      : { cell_type: "code", id: `cell-${i + 1}`, metadata: {}, source: c.source, outputs: [], execution_count: null })),
  };
  writeFileSync(path, JSON.stringify(notebook, null, 1));
  return { dir, path };
}
