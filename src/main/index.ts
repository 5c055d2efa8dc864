// Electron main: one window, the menu, IPC to the NotebookService, and the kernel in a utilityProcess.
// `electron out/main/index.js [notebook.ipynb]` opens that file.
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage } from "electron";
import { join } from "node:path";
import { NotebookService } from "../service/index";
import { registerAppScheme, serveRenderer } from "./app-protocol";
import { desktopApi } from "./desktop-api";
import { desktopDialogs } from "./dialogs";
import { registerIpc } from "./ipc";
import { utilityProcessLauncher } from "./kernel-launcher";
import { menuTemplate } from "./menu";
import { TokenStore } from "./token-store";
import { createWindow } from "./window";

const OUT = join(import.meta.dirname, "..");

// Tests start each launch with a fresh profile.
if (process.env.MLM_NOTEBOOK_USER_DATA) app.setPath("userData", process.env.MLM_NOTEBOOK_USER_DATA);
registerAppScheme();

let window: BrowserWindow | null = null;
let service: NotebookService | null = null;

function notebookArgument(argv: string[]): string | undefined {
  return argv.slice(1).reverse().find((a) => a.endsWith(".ipynb"));
}

async function start(): Promise<void> {
  serveRenderer(join(OUT, "renderer"));
  const userData = app.getPath("userData");
  const tokens = new TokenStore(userData, safeStorage);
  // A token kept from an earlier session reaches the engine (service and kernel) as HF_TOKEN.
  const kept = process.env.HF_TOKEN ? null : tokens.load();
  if (kept) process.env.HF_TOKEN = kept;

  const dialogs = desktopDialogs(() => window);
  service = await NotebookService.start({
    launcher: utilityProcessLauncher,
    userDataDir: userData,
    notebook: notebookArgument(process.argv),
    chooseOpenPath: dialogs.chooseOpenPath,
    chooseSavePath: dialogs.chooseSavePath,
  });
  const api = desktopApi(service, tokens);
  registerIpc(ipcMain, api, () => window);
  const report = (what: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (window) window.webContents.send("onEvent", { type: "notice", level: "error", message: `${what} failed: ${message}` });
    else dialog.showErrorBox(`${what} failed`, message);
  };
  const host = { platform: process.platform, version: app.getVersion() };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(api, dialogs, await api.listTemplates(), report, host)));
  window = createWindow(join(OUT, "preload/index.cjs"));
  window.on("closed", () => { window = null; });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch focuses the window we have (a single-window app), opening its file if it names one.
  app.on("second-instance", (_event, argv) => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    const file = notebookArgument(argv);
    if (file) service?.openNotebook(file).catch((e: unknown) => dialog.showErrorBox("Open failed", String(e)));
  });
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox("MLM Notebook could not start", error instanceof Error ? error.message : String(error));
    app.quit();
  });
  app.on("window-all-closed", () => app.quit());
  // Autosave flushes and the kernel stops before the app goes.
  let closing = false;
  app.on("before-quit", (event) => {
    if (closing || !service) return;
    closing = true;
    event.preventDefault();
    void service.close().finally(() => app.quit());
  });
}
