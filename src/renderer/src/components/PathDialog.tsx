// Web mode's stand-in for the desktop's file dialogs: the browser cannot browse the server's disk,
// so the person types the path of a notebook on the machine running `mlm-notebook serve`.
import { useState } from "react";

interface Props {
  title: string;
  initial: string;
  onDone(path: string | null): void;
}

export function PathDialog({ title, initial, onDone }: Props) {
  const [path, setPath] = useState(initial);
  return (
    <div className="dialog-backdrop">
      <form className="dialog" data-testid="path-dialog" onSubmit={(e) => { e.preventDefault(); onDone(path.trim() || null); }}>
        <label>
          {title}
          <input autoFocus data-testid="path-input" value={path} placeholder="/path/to/notebook.ipynb" onChange={(e) => setPath(e.target.value)} />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={() => onDone(null)}>Cancel</button>
          <button type="submit" data-testid="path-ok">OK</button>
        </div>
      </form>
    </div>
  );
}
