// The start page: the notebooks a person can begin from (listTemplates), as cards, like File → New.
// Shown above the cells while the document is blank, and on the toolbar's Start button.
import { useEffect, useState } from "react";
import type { NotebookDoc, TemplateId, TemplateInfo } from "../../../api/index";
import { attempt, useNotebookContext } from "../state/context";

/** A blank document: no cell holds source or outputs yet. */
export function isBlank(doc: NotebookDoc): boolean {
  return doc.cells.every((c) => c.source.trim() === "" && c.outputs.length === 0);
}

interface Props {
  onOpened(id: TemplateId): void;
  onClose(): void;
}

export function StartPage({ onOpened, onClose }: Props) {
  const { api, store } = useNotebookContext();
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  useEffect(() => { api.listTemplates().then(setTemplates, () => setTemplates([])); }, [api]);
  const open = (id: TemplateId) => attempt(store, "Creating a notebook", async () => {
    await api.newNotebook(id);
    onOpened(id);
  });
  return (
    <section className="start-page" data-testid="start-page" aria-label="Start">
      <div className="start-head">
        <h2>Start from a notebook</h2>
        <button type="button" data-testid="start-close" aria-label="Close the start page" onClick={onClose}>✕</button>
      </div>
      {templates === null && <p className="start-loading">Loading the notebooks…</p>}
      {templates?.length === 0 && <p className="start-loading">This build has no notebook templates.</p>}
      <div className="start-cards">
        {templates?.map((t) => (
          <button key={t.id} type="button" className="start-card" data-testid="start-template" data-template={t.id} onClick={() => open(t.id)}>
            <b>{t.title}</b>
            <span>{t.description}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
