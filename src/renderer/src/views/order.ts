// Which of a bundle's MIME types the app shows: the first of these that it carries, richest first.
// Our own views come before text/html, so a bundle that also carries HTML for viewers outside the
// app (Jupyter, GitHub) still shows its own view here. No React, so tests can check the order.
import { MIME, type MimeBundle } from "../../../api/index";

export const VIEW_ORDER = [MIME.dataset, MIME.training, MIME.evaluation, MIME.batch, MIME.fillMask, MIME.login, MIME.progress, MIME.html, MIME.png, MIME.json, MIME.text] as const;

export type ShownMime = (typeof VIEW_ORDER)[number];

export function pickMime(bundle: MimeBundle): ShownMime | null {
  return VIEW_ORDER.find((mime) => mime in bundle) ?? null;
}
