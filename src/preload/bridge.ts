// The NotebookApi as the window sees it in Electron: one IPC channel per method, named as in
// API_METHODS. Kept apart from index.ts (which needs Electron) so a unit test can check it.
import { API_METHODS, type NotebookApi, type NotebookEvent } from "../api/index";

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcLike): NotebookApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    if (method === "onEvent") continue;
    // Each call forwards its arguments only: nothing raw from Electron reaches the page.
    api[method] = (...args: unknown[]) => ipc.invoke(method, ...args);
  }
  api.onEvent = (listener: (event: NotebookEvent) => void) => {
    // The IPC event carries `sender`; the page gets the notebook event alone.
    const wrapped = (_ipcEvent: unknown, event: unknown) => listener(event as NotebookEvent);
    ipc.on("onEvent", wrapped);
    return () => { ipc.removeListener("onEvent", wrapped); };
  };
  return api as unknown as NotebookApi;
}
