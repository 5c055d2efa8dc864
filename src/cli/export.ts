// `mlm-notebook export NOTEBOOK.ipynb --to ts|py|ipynb [-o FILE]`: the saved notebook (with the calls
// its run recorded) as a script or a copy. Warnings go to stderr as well as into the file.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ExportFormat } from "../api/index";
import { EXPORT_FORMATS, exportFileName, exportNotebook, writeExport } from "../notebook/export/index";
import { parseIpynb } from "../notebook/ipynb";

/** Exit codes: 0 written, 1 could not write, 2 bad input. `output` "-" writes to stdout. */
export async function exportFile(file: string, to: string | undefined, output: string | undefined): Promise<number> {
  if (!to || !(EXPORT_FORMATS as readonly string[]).includes(to)) {
    process.stderr.write(`mlm-notebook export: --to must be one of ${EXPORT_FORMATS.join(", ")}${to ? ` (got "${to}")` : ""}.\n`);
    return 2;
  }
  const format = to as ExportFormat;
  const path = resolve(file);
  if (!existsSync(path)) {
    process.stderr.write(`mlm-notebook export: ${path} does not exist; give a saved notebook (.ipynb).\n`);
    return 2;
  }
  let result;
  try {
    result = exportNotebook(parseIpynb(readFileSync(path, "utf8"), path), format);
  } catch (e) {
    process.stderr.write(`mlm-notebook export: ${(e as Error).message}\n`);
    return 2;
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (output === "-") {
    process.stdout.write(result.text);
    return 0;
  }
  try {
    const written = await writeExport(output ?? exportFileName(path, format), result.text);
    process.stderr.write(`Wrote ${written}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`mlm-notebook export: ${(e as Error).message}\n`);
    return 1;
  }
}
