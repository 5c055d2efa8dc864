// The application menu. Its commands go straight to the service; the window follows through events.
// This builds the template only (main hands it to Menu.buildFromTemplate), so it is unit tested.
import type { MenuItemConstructorOptions } from "electron";
import type { ExportFormat, NotebookApi, TemplateInfo } from "../api/index";
import type { Dialogs } from "./dialogs";

/** What the menu shows of the app it runs in: the macOS layout or the others', and the version. */
export interface MenuHost {
  platform: NodeJS.Platform;
  version: string;
}

export function menuTemplate(api: NotebookApi, dialogs: Dialogs, templates: TemplateInfo[], report: (what: string, error: unknown) => void, host: MenuHost): MenuItemConstructorOptions[] {
  const act = (what: string, fn: () => Promise<unknown>) => () => { fn().catch((e: unknown) => report(what, e)); };
  const saveAs = async () => {
    const path = await dialogs.chooseSavePath(await api.getNotebook());
    if (path) await api.saveNotebook(path);
  };
  const exportAs = (format: ExportFormat) => act("Export", async () => {
    const path = await dialogs.chooseExportPath(await api.getNotebook(), format);
    if (path) await api.exportNotebook(format, path);
  });
  const isMac = host.platform === "darwin";
  return [
    ...(isMac ? [{ role: "appMenu" as const }] : []),
    {
      label: "&File",
      submenu: [
        {
          label: "New",
          submenu: templates.map((t, i) => ({
            label: t.title,
            toolTip: t.description,
            accelerator: i === 0 ? "CmdOrCtrl+N" : undefined,
            click: act("New notebook", () => api.newNotebook(t.id)),
          })),
        },
        { label: "Open…", accelerator: "CmdOrCtrl+O", click: act("Open", () => api.openNotebook()) },
        { type: "separator" },
        { label: "Save", accelerator: "CmdOrCtrl+S", click: act("Save", () => api.saveNotebook()) },
        { label: "Save As…", accelerator: "CmdOrCtrl+Shift+S", click: act("Save As", saveAs) },
        {
          label: "Export",
          submenu: [
            { label: "TypeScript script…", click: exportAs("ts") },
            { label: "Python script…", click: exportAs("py") },
            { label: "Notebook (.ipynb)…", click: exportAs("ipynb") },
          ],
        },
        { type: "separator" },
        isMac ? { role: "close" } : { role: "quit" },
      ],
    },
    { role: "editMenu" },
    {
      label: "&Run",
      submenu: [{ label: "Run All", accelerator: "CmdOrCtrl+Shift+Enter", click: act("Run All", () => api.runAll()) }],
    },
    {
      label: "&Kernel",
      submenu: [
        { label: "Interrupt", accelerator: "CmdOrCtrl+.", click: act("Interrupt", () => api.interrupt()) },
        { label: "Restart", accelerator: "CmdOrCtrl+Alt+R", click: act("Restart", () => api.restartKernel()) },
      ],
    },
    { role: "viewMenu" },
    { role: "windowMenu" },
    { role: "help", submenu: [{ label: `MLM Notebook ${host.version}`, enabled: false }] },
  ];
}
