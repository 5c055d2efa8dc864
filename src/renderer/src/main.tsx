// Entry of the window: pick the transport, mirror the back's state, render the notebook.
import { createRoot } from "react-dom/client";
import { App } from "./components/App";
import { setupMonaco } from "./editor/monaco-setup";
import { NotebookContext } from "./state/context";
import { notifyLongRuns } from "./state/long-run-notifier";
import { NotebookStore } from "./state/store";
import { pickTransport } from "./transport/pick";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

try {
  setupMonaco();
  const { kind, api } = pickTransport();
  const store = new NotebookStore(api);
  notifyLongRuns(api, (id) => {
    const at = store.get().doc?.cells.findIndex((c) => c.id === id) ?? -1;
    return at < 0 ? null : at + 1;
  });
  root.render(
    <NotebookContext value={{ api, store, transport: kind }}>
      <App />
    </NotebookContext>,
  );
  store.load().catch((error: unknown) => store.notify("error", `Could not load the notebook: ${error instanceof Error ? error.message : String(error)}`));
} catch (error) {
  root.render(<div className="fatal" data-testid="fatal">{error instanceof Error ? error.message : String(error)}</div>);
}
