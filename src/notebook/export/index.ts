// Export a notebook (as saved, with its recorded calls) as a TypeScript script, a Python script for
// Hugging Face transformers, or the .ipynb itself. A pure function of the document.
import type { ExportFormat, NotebookDoc } from "../../api/index";
import { serializeIpynb } from "../ipynb";
import { savedCalls } from "./calls";
import { toPython } from "./to-python";
import { toTypeScript } from "./to-typescript";

export { savedCalls, withSavedCalls, type SavedCall } from "./calls";
export { ExportWriteError, writeExport } from "./write-export";

export interface ExportResult {
  text: string;
  /** Also written into the text as comments; callers show them too (the CLI on stderr). */
  warnings: string[];
}

export const EXPORT_FORMATS: readonly ExportFormat[] = ["ts", "py", "ipynb"];

/** Whether any cell of the document has run (has an execution count or recorded calls). */
export function hasRun(doc: NotebookDoc): boolean {
  return doc.cells.some((c) => c.type === "code" && (c.executionCount !== null || savedCalls(c) !== null));
}

export function exportNotebook(doc: NotebookDoc, format: ExportFormat): ExportResult {
  const neverRan = !hasRun(doc);
  const warnings: string[] = [];
  if (neverRan) {
    warnings.push(
      format === "py"
        ? "this notebook has never run, so no parameters were recorded: the Python script's values are read from the cells' sources. Run the notebook, then export again."
        : "this notebook has never run: exported from its sources as they are, with no outputs.",
    );
  }
  switch (format) {
    case "ts":
      return { text: toTypeScript(doc, warnings), warnings };
    case "py":
      return { text: toPython(doc, neverRan), warnings };
    case "ipynb":
      return { text: serializeIpynb(doc), warnings };
    default:
      throw new Error(`Unknown export format "${String(format)}": use ts, py or ipynb.`);
  }
}

/** The file an export goes to by default: the notebook's name with the format's extension. */
export function exportFileName(notebookPath: string, format: ExportFormat): string {
  return notebookPath.replace(/\.ipynb$/i, "") + `.${format === "ipynb" ? "export.ipynb" : format}`;
}
