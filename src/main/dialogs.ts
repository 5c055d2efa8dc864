// Native open/save dialogs. The service asks for them (chooseOpenPath/chooseSavePath) when a call
// comes without a path; the menu's Save As and Export ask directly.
import { dialog, type BrowserWindow } from "electron";
import type { ExportFormat, NotebookDoc } from "../api/index";

const NOTEBOOK_FILTER = { name: "Notebooks", extensions: ["ipynb"] };
const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  ts: { name: "TypeScript script", extensions: ["ts"] },
  py: { name: "Python script", extensions: ["py"] },
  ipynb: NOTEBOOK_FILTER,
};

export interface Dialogs {
  chooseOpenPath(): Promise<string | null>;
  chooseSavePath(doc: NotebookDoc): Promise<string | null>;
  chooseExportPath(doc: NotebookDoc, format: ExportFormat): Promise<string | null>;
}

export function desktopDialogs(window: () => BrowserWindow | null): Dialogs {
  const save = async (title: string, defaultPath: string, filter: { name: string; extensions: string[] }) => {
    const options = { title, defaultPath, filters: [filter] };
    const win = window();
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  };
  return {
    async chooseOpenPath() {
      const options = { title: "Open notebook", filters: [NOTEBOOK_FILTER], properties: ["openFile" as const] };
      const win = window();
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    chooseSavePath: (doc) => save("Save notebook", suggestedName(doc, "ipynb"), NOTEBOOK_FILTER),
    chooseExportPath: (doc, format) => save("Export notebook", suggestedName(doc, format), EXPORT_FILTERS[format]),
  };
}

function suggestedName(doc: NotebookDoc, ext: string): string {
  return doc.path ? doc.path.replace(/\.ipynb$/, `.${ext}`) : `${doc.title || "notebook"}.${ext}`;
}
