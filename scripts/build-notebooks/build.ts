// Writes resources/notebooks/{offline,hub}.ipynb from cells.ts (rerun after editing it:
// `npx tsx scripts/build-notebooks/build.ts`). Cell ids are stable so a rebuild changes only what changed.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cell, NotebookDoc } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { serializeIpynb } from "../../src/notebook/ipynb";
import { tutorialCells, VARIANTS } from "./cells";

const dir = join(import.meta.dirname, "../../resources/notebooks");

for (const v of VARIANTS) {
  const cells: Cell[] = tutorialCells(v).map((c) => newCell(c.type, c.source, `${v.id}-${c.key}`));
  const doc: NotebookDoc = {
    path: null,
    title: v.title,
    cells,
    dirty: false,
    metadata: { mlm_notebook: { template: { title: v.title, description: v.description } } },
  };
  writeFileSync(join(dir, `${v.id}.ipynb`), serializeIpynb(doc));
  console.log(`wrote ${v.id}.ipynb (${cells.length} cells)`);
}
