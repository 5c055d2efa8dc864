// Electron preload (sandboxed, CommonJS): exposes the NotebookApi as window.mlmNotebook.
import { contextBridge, ipcRenderer } from "electron";
import { createBridge } from "./bridge";

contextBridge.exposeInMainWorld("mlmNotebook", createBridge(ipcRenderer));
