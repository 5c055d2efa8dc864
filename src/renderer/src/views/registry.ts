// Output views by MIME type; order.ts says which of a bundle's types shows, else it shows as text/plain.
import type { ComponentType } from "react";
import { MIME, type MimeBundle } from "../../../api/index";
import type { ViewProps } from "./view";
import { ApplicationJsonView } from "./application-json";
import { BatchView } from "./batch";
import { DatasetView } from "./dataset";
import { EvaluationView } from "./evaluation";
import { FillMaskView } from "./fill-mask";
import { LoginView } from "./login";
import { TrainingView } from "./training";
import { ImagePngView } from "./image-png";
import { pickMime, type ShownMime } from "./order";
import { ProgressView } from "./progress";
import { TextHtmlView } from "./text-html";
import { TextPlainView } from "./text-plain";

const VIEWS: Record<ShownMime, ComponentType<ViewProps>> = {
  [MIME.dataset]: DatasetView,
  [MIME.training]: TrainingView,
  [MIME.evaluation]: EvaluationView,
  [MIME.batch]: BatchView,
  [MIME.fillMask]: FillMaskView,
  [MIME.login]: LoginView,
  [MIME.progress]: ProgressView,
  [MIME.html]: TextHtmlView,
  [MIME.png]: ImagePngView,
  [MIME.json]: ApplicationJsonView,
  [MIME.text]: TextPlainView,
};

export function pickView(bundle: MimeBundle): { mime: string; View: ComponentType<ViewProps> } {
  const mime = pickMime(bundle);
  if (mime) return { mime, View: VIEWS[mime] };
  // A type nobody shows yet: its data as text, rather than nothing.
  return { mime: Object.keys(bundle)[0] ?? "text/plain", View: TextPlainView };
}
