// How one table cell reads at a glance; the whole value opens in the inspector.
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.slice(0, 20).map(short).join(", ")}${value.length > 20 ? `, … ${value.length} items` : ""}]`;
  return JSON.stringify(value);
}

/** True when the cell holds more than its line shows: the inspector can expand it. */
export function isNested(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

function short(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `[${v.length} items]`;
  if (typeof v === "object" && v !== null) return "{…}";
  return String(v);
}
