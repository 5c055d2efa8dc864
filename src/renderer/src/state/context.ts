// What every component may reach: the API, the store that mirrors the back, and the transport kind.
import { createContext, useContext } from "react";
import type { NotebookApi } from "../../../api/index";
import type { TransportKind } from "../transport/pick";
import type { NotebookStore } from "./store";

export interface NotebookContextValue {
  api: NotebookApi;
  store: NotebookStore;
  transport: TransportKind;
}

export const NotebookContext = createContext<NotebookContextValue | null>(null);

export function useNotebookContext(): NotebookContextValue {
  const value = useContext(NotebookContext);
  if (!value) throw new Error("NotebookContext is missing: render components inside <NotebookContext value=…>.");
  return value;
}

/** Runs an API call for a button: a failure becomes a notice instead of an unhandled rejection. */
export function attempt(store: NotebookStore, what: string, call: () => Promise<unknown>): void {
  call().catch((error: unknown) => store.notify("error", `${what} failed: ${error instanceof Error ? error.message : String(error)}`));
}
