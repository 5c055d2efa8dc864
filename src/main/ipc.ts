// One IPC channel per NotebookApi method (the names in API_METHODS), and events pushed to the window
// on the "onEvent" channel. Only calls from our own window are answered. Electron's ipcMain and
// window come in through the small interfaces below (main passes the real ones), so the channel
// table is unit tested.
import { API_METHODS, type NotebookApi, type NotebookEvent } from "../api/index";

/** What a handler reads of Electron's IpcMainInvokeEvent: who sent the call. */
export interface InvokeEvent {
  sender: unknown;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of a BrowserWindow used here: its page, to check senders and push events. */
export interface IpcWindow {
  isDestroyed(): boolean;
  webContents: { send(channel: string, event: NotebookEvent): void };
}

/** The channels the main process answers: every API method but onEvent, which main pushes. */
export const INVOKE_CHANNELS = API_METHODS.filter((m) => m !== "onEvent");

export function registerIpc(ipcMain: IpcMainLike, api: NotebookApi, window: () => IpcWindow | null): () => void {
  for (const method of INVOKE_CHANNELS) {
    ipcMain.handle(method, (event, ...args) => {
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
    for (const method of INVOKE_CHANNELS) ipcMain.removeHandler(method);
  };
}
