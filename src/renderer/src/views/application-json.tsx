import type { ViewProps } from "./view";

export function ApplicationJsonView({ data }: ViewProps) {
  return <pre className="output-text output-json" data-testid="output-json">{JSON.stringify(data, null, 2)}</pre>;
}
