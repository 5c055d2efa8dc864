// The desktop app's NotebookApi: the service's, with native open/save dialogs where a call comes
// without a path (the contract: "without a path, the desktop app shows a dialog").
import { dialog, type BrowserWindow } from "electron";
import { API_METHODS, type ExportFormat, type NotebookApi } from "../api/index";

const NOTEBOOK_FILTER = { name: "Notebooks", extensions: ["ipynb"] };
const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  ts: { name: "TypeScript script", extensions: ["ts"] },
  py: { name: "Python script", extensions: ["py"] },
  ipynb: NOTEBOOK_FILTER,
};

export interface DesktopApi extends NotebookApi {
  /** File → Save As: always asks. */
  saveAs(): Promise<void>;
}

export function withDialogs(service: NotebookApi, window: () => BrowserWindow | null): DesktopApi {
  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (service[method] as (...a: unknown[]) => unknown).bind(service);

  const askSave = async (title: string, defaultPath: string, filter: { name: string; extensions: string[] }) => {
    const options = { title, defaultPath, filters: [filter] };
    const win = window();
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  };
  const defaultName = async (ext: string) => {
    const doc = await service.getNotebook();
    return doc.path ? doc.path.replace(/\.ipynb$/, `.${ext}`) : `${doc.title || "notebook"}.${ext}`;
  };

  const desktop: Partial<DesktopApi> = {
    async openNotebook(path?: string) {
      if (!path) {
        const options = { title: "Open notebook", filters: [NOTEBOOK_FILTER], properties: ["openFile" as const] };
        const win = window();
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        if (r.canceled || r.filePaths.length === 0) return null;
        path = r.filePaths[0];
      }
      return service.openNotebook(path);
    },
    async saveNotebook(path?: string) {
      if (!path && (await service.getNotebook()).path === null) {
        const chosen = await askSave("Save notebook", await defaultName("ipynb"), NOTEBOOK_FILTER);
        if (!chosen) return null;
        path = chosen;
      }
      return service.saveNotebook(path);
    },
    async saveAs() {
      const chosen = await askSave("Save notebook as", await defaultName("ipynb"), NOTEBOOK_FILTER);
      if (chosen) await service.saveNotebook(chosen);
    },
    async exportNotebook(format: ExportFormat, path?: string) {
      if (!path) {
        const chosen = await askSave("Export notebook", await defaultName(format), EXPORT_FILTERS[format]);
        if (!chosen) return null;
        path = chosen;
      }
      return service.exportNotebook(format, path);
    },
  };
  return Object.assign(api, desktop) as DesktopApi;
}
