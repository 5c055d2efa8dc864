import type { ViewProps } from "./view";

export function TextPlainView({ data }: ViewProps) {
  return <pre className="output-text" data-testid="output-text">{joinText(data)}</pre>;
}

/** nbformat allows multiline strings as arrays of lines. */
export function joinText(data: unknown): string {
  if (Array.isArray(data)) return data.join("");
  return typeof data === "string" ? data : JSON.stringify(data, null, 2);
}
