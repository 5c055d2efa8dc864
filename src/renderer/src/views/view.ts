// What every output view receives: one MIME type's data from a bundle, and the API to page values.
import type { NotebookApi } from "../../../api/index";

export interface ViewProps {
  mime: string;
  data: unknown;
  metadata: Record<string, unknown>;
  api: NotebookApi;
}
