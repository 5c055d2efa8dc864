// Output MIME types of our own; the renderer picks a view by these, the .ipynb keeps them.
export const MIME = {
  text: "text/plain",
  html: "text/html",
  json: "application/json",
  png: "image/png",
  /** A Dataset or DatasetDict: splits, row counts, features, a ValueRef to page from. */
  dataset: "application/vnd.mlm-notebook.dataset+json",
  /** A collated batch: tokens, labels, which positions were masked and how. */
  batch: "application/vnd.mlm-notebook.batch+json",
  /** Progress of a long operation: done, total, rate, ETA. */
  progress: "application/vnd.mlm-notebook.progress+json",
  /** A training run: log history, eval results, backend. */
  training: "application/vnd.mlm-notebook.training+json",
  /** An evaluation: eval_loss, perplexity, runtime. */
  evaluation: "application/vnd.mlm-notebook.evaluation+json",
  /** Fill-mask predictions: top-k tokens with scores. */
  fillMask: "application/vnd.mlm-notebook.fill-mask+json",
  /** The Hub login state: user name and orgs, never the token. */
  login: "application/vnd.mlm-notebook.login+json",
} as const;

export type MimeType = (typeof MIME)[keyof typeof MIME];
