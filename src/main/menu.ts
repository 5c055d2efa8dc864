// The application menu. Its commands go straight to the back; the window follows through events.
import { app, Menu, type MenuItemConstructorOptions } from "electron";
import type { TemplateInfo } from "../api/index";
import type { DesktopApi } from "./dialogs";

export function buildMenu(api: DesktopApi, templates: TemplateInfo[], report: (what: string, error: unknown) => void): Menu {
  const act = (what: string, fn: () => Promise<unknown>) => () => { fn().catch((e: unknown) => report(what, e)); };
  const isMac = process.platform === "darwin";
  const template: MenuItemConstructorOptions[] = [
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
        { label: "Save As…", accelerator: "CmdOrCtrl+Shift+S", click: act("Save As", () => api.saveAs()) },
        {
          label: "Export",
          submenu: [
            { label: "TypeScript script…", click: act("Export", () => api.exportNotebook("ts")) },
            { label: "Python script…", click: act("Export", () => api.exportNotebook("py")) },
            { label: "Notebook (.ipynb)…", click: act("Export", () => api.exportNotebook("ipynb")) },
          ],
        },
        { type: "separator" },
        isMac ? { role: "close" } : { role: "quit" },
      ],
    },
    { role: "editMenu" },
    {
      label: "&Run",
      submenu: [
        { label: "Run All", accelerator: "CmdOrCtrl+Shift+Enter", click: act("Run All", () => api.runAll()) },
      ],
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
    { role: "help", submenu: [{ label: `MLM Notebook ${app.getVersion()}`, enabled: false }] },
  ];
  return Menu.buildFromTemplate(template);
}
