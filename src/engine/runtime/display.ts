// How engine values show themselves in a notebook: a MIME bundle, like IPython's _repr_mimebundle_.
// Values too big to send whole also answer page requests; the kernel keeps them by reference.
import type { Page } from "../../api/values";

export type MimeBundle = Record<string, unknown>;

/** Symbol a value implements to choose its own notebook view. `ref` names it in page requests. */
export const REPR_MIMEBUNDLE = Symbol.for("mlm-notebook.reprMimeBundle");
/** Symbol a value implements to serve one page of a view (for a DatasetDict the view is a split). */
export const FETCH_PAGE = Symbol.for("mlm-notebook.fetchPage");

export interface Displayable {
  [REPR_MIMEBUNDLE](ref: string): MimeBundle;
}

export interface Pageable {
  [FETCH_PAGE](view: string | undefined, offset: number, limit: number): Page;
}

// Callable objects (a tokenizer, a collator) are functions, so both checks accept functions too.
export function isDisplayable(value: unknown): value is Displayable {
  return (typeof value === "object" || typeof value === "function") && value !== null && REPR_MIMEBUNDLE in value;
}

export function isPageable(value: unknown): value is Pageable {
  return (typeof value === "object" || typeof value === "function") && value !== null && FETCH_PAGE in value;
}

export type DisplaySink = (bundle: MimeBundle, options: { displayId?: string; value?: unknown }) => void;

let sink: DisplaySink | null = null;

export function setDisplaySink(next: DisplaySink | null): void {
  sink = next;
}

/**
 * Shows a value (or a ready MIME bundle) in the running cell's output. With a displayId,
 * a later call with the same id replaces it in place (live charts, progress).
 */
export function display(value: unknown, options: { displayId?: string } = {}): void {
  if (!sink) return;
  if (isDisplayable(value)) sink(value[REPR_MIMEBUNDLE]("pending"), { ...options, value });
  else if (typeof value === "object" && value !== null && !Array.isArray(value) && isBundle(value)) sink(value as MimeBundle, options);
  else sink({ "text/plain": typeof value === "string" ? value : JSON.stringify(value, null, 2) }, options);
}

function isBundle(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => /^[a-z]+\/[\w.+-]+$/.test(k));
}
