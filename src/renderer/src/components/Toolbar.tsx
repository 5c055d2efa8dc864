// Notebook-wide commands and the kernel's status.
import { useEffect, useState } from "react";
import type { KernelStatus, NotebookDoc, TemplateId, TemplateInfo } from "../../../api/index";
import { attempt, useNotebookContext } from "../state/context";

interface Props {
  doc: NotebookDoc;
  kernel: KernelStatus;
  /** Web mode asks for paths in the page; the desktop app's back shows native dialogs instead. */
  askPath(title: string, initial: string): Promise<string | null>;
  showVariables: boolean;
  onToggleVariables(): void;
  /** The start page (templates as cards): shown or not, and the button that toggles it. */
  showStart: boolean;
  onToggleStart(): void;
}

export function Toolbar({ doc, kernel, askPath, showVariables, onToggleVariables, showStart, onToggleStart }: Props) {
  const { api, store, transport } = useNotebookContext();
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  useEffect(() => { api.listTemplates().then(setTemplates, () => setTemplates([])); }, [api]);

  // Save without a path: the back saves to the document's file, or asks (desktop) or picks a free
  // name (web). Save As in the desktop app lives in the File menu, with the native dialog.
  const save = (as: boolean) => attempt(store, "Saving", async () => {
    const path = as ? await askPath("Save the notebook as", doc.path ?? "") : undefined;
    if (as && !path) return;
    await api.saveNotebook(path ?? undefined);
  });
  const open = () => attempt(store, "Opening", async () => {
    const path = transport === "web" ? await askPath("Open the notebook at", doc.path ?? "") : undefined;
    if (transport === "web" && !path) return;
    await api.openNotebook(path ?? undefined);
  });
  const create = (id: TemplateId) => attempt(store, "Creating a notebook", () => api.newNotebook(id));

  return (
    <header className="toolbar">
      <span className="title" data-testid="doc-title" title={doc.path ?? "Not saved yet (autosaved)"}>
        {doc.title}{doc.dirty ? " •" : ""}
      </span>
      <button type="button" data-testid="start" aria-pressed={showStart} onClick={onToggleStart}>Start</button>
      <select data-testid="new-notebook" value="" onChange={(e) => e.target.value && create(e.target.value as TemplateId)} aria-label="New notebook">
        <option value="">New…</option>
        {templates.map((t) => <option key={t.id} value={t.id} title={t.description}>{t.title}</option>)}
      </select>
      <button type="button" data-testid="open" onClick={open}>Open</button>
      <button type="button" data-testid="save" onClick={() => save(false)}>Save</button>
      {transport === "web" && <button type="button" data-testid="save-as" onClick={() => save(true)}>Save As</button>}
      <span className="sep" />
      <button type="button" data-testid="run-all" onClick={() => attempt(store, "Run all", () => api.runAll())}>▶▶ Run All</button>
      <button type="button" data-testid="interrupt" onClick={() => attempt(store, "Interrupt", () => api.interrupt())}>■ Interrupt</button>
      <button type="button" data-testid="restart" onClick={() => attempt(store, "Restart", () => api.restartKernel())}>↻ Restart</button>
      <button type="button" data-testid="toggle-variables" aria-pressed={showVariables} onClick={onToggleVariables}>Variables</button>
      <span className={`kernel-status ${kernel}`} data-testid="kernel-status" data-kernel-status={kernel} title="Kernel status">
        kernel: {kernel}
      </span>
    </header>
  );
}
