import type { NotebookEvent } from "./events";
import type { CellType, NotebookDoc, TemplateId, TemplateInfo } from "./notebook";
import type { RunChange } from "./runs";
import type { Page, ValueRef, VariableInfo } from "./values";

export type Unsubscribe = () => void;
export type ExportFormat = "ts" | "py" | "ipynb";

export interface LoginResult {
  ok: boolean;
  /** whoami's user name and orgs on success; a message naming the cause otherwise. */
  name?: string;
  orgs?: string[];
  message?: string;
  /** The stored token, masked (e.g. "hf_…a1b2"); the full token never travels back. */
  masked?: string;
}

/**
 * The one contract between the window and the back. Electron's preload exposes exactly these
 * methods (one IPC channel each); web mode sends the same calls over a WebSocket.
 */
export interface NotebookApi {
  listTemplates(): Promise<TemplateInfo[]>;
  newNotebook(template: TemplateId): Promise<NotebookDoc>;
  /** Without a path: the desktop app shows a dialog; web mode lists recent files. Null when cancelled. */
  openNotebook(path?: string): Promise<NotebookDoc | null>;
  /** Without a path: saves to the document's path, or asks for one. */
  saveNotebook(path?: string): Promise<NotebookDoc | null>;
  getNotebook(): Promise<NotebookDoc>;
  editCell(cellId: string, source: string): Promise<void>;
  addCell(index: number, type: CellType, source?: string): Promise<string>;
  moveCell(cellId: string, toIndex: number): Promise<void>;
  deleteCell(cellId: string): Promise<void>;
  runCell(cellId: string): Promise<void>;
  runAll(): Promise<void>;
  runFrom(cellId: string): Promise<void>;
  interrupt(): Promise<void>;
  restartKernel(): Promise<void>;
  fetchPage(value: ValueRef, offset: number, limit: number): Promise<Page>;
  variables(): Promise<VariableInfo[]>;
  exportNotebook(format: ExportFormat, path?: string): Promise<string | null>;
  /** Hides, shows or deletes a training run kept in the notebook's metadata (the runs table). */
  updateRun(runId: string, change: RunChange): Promise<void>;
  login(token: string, hubUrl?: string): Promise<LoginResult>;
  loginStatus(): Promise<LoginResult>;
  logout(): Promise<void>;
  onEvent(listener: (event: NotebookEvent) => void): Unsubscribe;
}

/** The names of NotebookApi's methods: the IPC channels, and what the preload test checks. */
export const API_METHODS = [
  "listTemplates", "newNotebook", "openNotebook", "saveNotebook", "getNotebook",
  "editCell", "addCell", "moveCell", "deleteCell",
  "runCell", "runAll", "runFrom", "interrupt", "restartKernel",
  "fetchPage", "variables", "exportNotebook", "updateRun", "login", "loginStatus", "logout", "onEvent",
] as const satisfies readonly (keyof NotebookApi)[];

/** Compile-time check that API_METHODS lists every method. */
type Missing = Exclude<keyof NotebookApi, (typeof API_METHODS)[number]>;
export const API_METHODS_COMPLETE: Missing extends never ? true : Missing = true;
