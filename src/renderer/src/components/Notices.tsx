// Messages a person should see once: kernel interrupts and restarts, saves, connection trouble.
import { useNotebookContext } from "../state/context";
import type { Notice } from "../state/store";

export function Notices({ notices }: { notices: Notice[] }) {
  const { store } = useNotebookContext();
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-testid="notice" data-level={n.level} data-interrupt={n.interrupt ?? ""}>
          <span>{n.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => store.dismiss(n.id)}>✕</button>
        </div>
      ))}
    </div>
  );
}
