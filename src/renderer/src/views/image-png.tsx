import type { ViewProps } from "./view";
import { joinText } from "./text-plain";

export function ImagePngView({ data }: ViewProps) {
  return <img className="output-image" data-testid="output-image" alt="cell output" src={`data:image/png;base64,${joinText(data).trim()}`} />;
}
