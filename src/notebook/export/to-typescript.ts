// The `ts` export: the cells in order as one script for `npx mlm-notebook run FILE.ts` (markdown as
// comments), with the engine's imports gathered at the top and, at the end, the model and the
// evaluation metrics written to the Trainer's output folder.
import type { NotebookDoc } from "../../api/index";
import { cellNames } from "../cell-names";

/**
 * `import { a, b } from "module";` (possibly over several lines): gathered at the top, one line per
 * module, because two cells importing the same name would declare it twice in one script. A regular
 * expression is enough: the form is fixed, and what it does not match (default, namespace or type
 * imports) stays in its cell.
 */
const NAMED_IMPORT = /^[ \t]*import\s*\{([^}]*)\}\s*from\s*(["'])([^"']+)\2\s*;?[ \t]*$/gm;

/**
 * `const trainer = new Trainer(` and `const evalResults = await trainer.evaluate(`: the names the tail
 * uses. The last evaluation is the one saved (an earlier one is the model's before fine-tuning).
 */
const TRAINER_VAR = /\b(?:const|let|var)\s+(\w+)\s*=\s*new\s+Trainer\s*\(/;
const EVAL_VAR = (trainer: string): RegExp => new RegExp(`\\b(?:const|let|var)\\s+(\\w+)\\s*=\\s*await\\s+${trainer}\\.evaluate\\s*\\(`, "g");

export function toTypeScript(doc: NotebookDoc, warnings: readonly string[]): string {
  const imported = new Map<string, Set<string>>([["mlm-notebook", new Set()]]);
  const parts: string[] = [];
  const defined = new Set<string>();
  doc.cells.forEach((cell, i) => {
    if (cell.type === "markdown") {
      if (cell.source.trim()) parts.push(cell.source.trim().split("\n").map((l) => (l ? `// ${l}` : "//")).join("\n"));
      return;
    }
    const code = cell.source.replace(NAMED_IMPORT, (_, names: string, _q: string, module: string) => {
      const set = imported.get(module) ?? imported.set(module, new Set()).get(module)!;
      for (const n of names.split(",").map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean)) set.add(n);
      return "";
    });
    for (const n of cellNames(cell.source)?.defines ?? []) defined.add(n);
    if (code.trim()) parts.push(`// ---- cell ${i + 1}\n${terminated(code.trim())}`);
  });
  const all = doc.cells.filter((c) => c.type === "code").map((c) => c.source).join("\n");
  const trainer = TRAINER_VAR.exec(all)?.[1];
  const evalVar = trainer ? [...all.matchAll(EVAL_VAR(trainer))].at(-1)?.[1] : undefined;
  // The metrics file needs fs's writeFile: the cells' own import of it, else one that cannot clash with their names.
  let writeName = "writeFile";
  if (evalVar) {
    const fs = imported.get("node:fs/promises") ?? new Set<string>();
    if (!fs.has("writeFile")) {
      if (defined.has("writeFile")) writeName = "writeExportFile";
      fs.add(writeName === "writeFile" ? "writeFile" : "writeFile as writeExportFile");
    }
    imported.set("node:fs/promises", fs);
  }
  const tail: string[] = [];
  if (trainer) {
    tail.push("// ---- added by the export: the model and the metrics in the output folder", `await ${trainer}.saveModel();`);
    if (evalVar) tail.push(`await ${writeName}(\`\${${trainer}.args.outputDir}/eval_results.json\`, JSON.stringify(${evalVar}, null, 2) + "\\n");`);
  }
  const head = [
    `// ${doc.title}: exported from MLM Notebook.`,
    "// Run it with progress bars: npx mlm-notebook run THIS_FILE.ts",
    ...warnings.map((w) => `// WARNING: ${w}`),
  ];
  const imports = [...imported].filter(([, names]) => names.size).map(([module, names]) => `import { ${[...names].join(", ")} } from ${JSON.stringify(module)};`);
  return [head.join("\n"), imports.join("\n"), ...parts, tail.join("\n")].filter(Boolean).join("\n\n") + "\n";
}

/** A cell's last expression ends with `;`, so the next cell cannot continue it (`x` then `(a)` → `x(a)`). */
function terminated(code: string): string {
  const last = code.slice(code.lastIndexOf("\n") + 1).trim();
  return last.startsWith("//") || /[;}]$/.test(last) ? code : `${code};`;
}
