// One IPC channel per NotebookApi method (the names in API_METHODS), and events pushed to the window
// on the "onEvent" channel. Only calls from our own window are answered.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from "electron";
import { API_METHODS, type NotebookApi } from "../api/index";

export function registerIpc(api: NotebookApi, window: () => BrowserWindow | null): () => void {
  const methods = API_METHODS.filter((m) => m !== "onEvent");
  for (const method of methods) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (event.sender !== window()?.webContents) throw new Error(`IPC call ${method} from an unknown window was refused.`);
      return (api[method] as (...a: unknown[]) => unknown)(...args);
    });
  }
  const unsubscribe = api.onEvent((event) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send("onEvent", event);
  });
  return () => {
    unsubscribe();
    for (const method of methods) ipcMain.removeHandler(method);
  };
}
