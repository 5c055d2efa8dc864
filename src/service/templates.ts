// The notebooks a person can start from: resources/notebooks/<id>.ipynb, titled by their metadata.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { NotebookDoc, TemplateId, TemplateInfo } from "../api/index";
import { newCellId } from "../notebook/cells";
import { parseIpynb } from "../notebook/ipynb";

const IDS: readonly TemplateId[] = ["offline", "hub", "blank"];

interface TemplateMeta {
  mlm_notebook?: { template?: { title?: string; description?: string } };
}

export function listTemplates(dir: string): TemplateInfo[] {
  return IDS.filter((id) => existsSync(join(dir, `${id}.ipynb`))).map((id) => {
    const meta = (parseIpynb(readFileSync(join(dir, `${id}.ipynb`), "utf8"), null).metadata as TemplateMeta).mlm_notebook?.template;
    return { id, title: meta?.title ?? id, description: meta?.description ?? "" };
  });
}

/** A new, untitled document from a template: fresh cell ids, no path. */
export function notebookFromTemplate(dir: string, id: TemplateId): NotebookDoc {
  const file = join(dir, `${id}.ipynb`);
  if (!IDS.includes(id) || !existsSync(file)) {
    const have = listTemplates(dir).map((t) => t.id).join(", ");
    throw new Error(`There is no "${id}" notebook template in this build (have: ${have || "none"}).`);
  }
  const doc = parseIpynb(readFileSync(file, "utf8"), null, `template ${file}`);
  const { mlm_notebook: _template, ...metadata } = doc.metadata as TemplateMeta & Record<string, unknown>;
  // Each new notebook gets its own cell ids, so two made from one template never share one.
  return { ...doc, metadata, cells: doc.cells.map((c) => ({ ...c, id: newCellId() })) };
}
