// Output views by MIME type, richest first: a bundle shows through the first type here that it
// carries, else as text/plain. Issue 7's views (dataset, batch, training, …) register above these.
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
import { ProgressView } from "./progress";
import { TextHtmlView } from "./text-html";
import { TextPlainView } from "./text-plain";

export const VIEWS: ReadonlyArray<readonly [mime: string, view: ComponentType<ViewProps>]> = [
  [MIME.dataset, DatasetView],
  [MIME.training, TrainingView],
  [MIME.evaluation, EvaluationView],
  [MIME.batch, BatchView],
  [MIME.fillMask, FillMaskView],
  [MIME.login, LoginView],
  [MIME.progress, ProgressView],
  ["text/html", TextHtmlView],
  ["image/png", ImagePngView],
  ["application/json", ApplicationJsonView],
  ["text/plain", TextPlainView],
];

export function pickView(bundle: MimeBundle): { mime: string; View: ComponentType<ViewProps> } {
  for (const [mime, View] of VIEWS) if (mime in bundle) return { mime, View };
  // A type nobody shows yet: its data as text, rather than nothing.
  return { mime: Object.keys(bundle)[0] ?? "text/plain", View: TextPlainView };
}
