// A nested value (lists of answers, dicts of fields) as a tree whose branches open on click.
import { cellText } from "./value-text";

export function ValueTree({ value, name, open = false }: { value: unknown; name?: string; open?: boolean }) {
  const label = name !== undefined ? <span className="tree-key">{name}: </span> : null;
  if (typeof value !== "object" || value === null) {
    return <div className="tree-leaf">{label}<span className={`tree-${typeof value}`}>{typeof value === "string" ? JSON.stringify(value) : cellText(value)}</span></div>;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return (
    <details className="tree-branch" open={open}>
      <summary>{label}{Array.isArray(value) ? `list, ${value.length} items` : `dict, ${entries.length} keys`}</summary>
      {entries.map(([k, v]) => <ValueTree key={k} name={k} value={v} />)}
    </details>
  );
}
