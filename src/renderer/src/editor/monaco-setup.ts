// Monaco, local and offline: workers bundled by Vite (no CDN), TypeScript set up for notebook cells,
// and the engine's declarations loaded so `import { … } from "mlm-notebook"` completes.
import * as monaco from "monaco-editor";
import { loader } from "@monaco-editor/react";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TsWorker from "monaco-editor/languages/features/typescript/ts.worker?worker";
import { engineTypes } from "virtual:engine-types";

/**
 * Diagnostics that are wrong for notebook cells: each cell is its own file to the language service,
 * but the kernel runs them in one shared scope with top-level await, re-defining names on re-run.
 */
const NOT_ERRORS_IN_CELLS = [
  1375, // 'await' only allowed at the top level of a module
  1378, // top-level await needs module/target settings
  2300, // duplicate identifier (a name re-defined in a later cell)
  2304, // cannot find name (defined by another cell that is a module)
  2393, // duplicate function implementation
  2451, // cannot redeclare block-scoped variable
  2552, // cannot find name, did you mean …
  18004, // no value in scope for a shorthand property (the name comes from another cell)
];

let ready = false;

export function setupMonaco(): void {
  if (ready) return;
  ready = true;
  self.MonacoEnvironment = {
    getWorker: (_id: string, label: string) => (label === "typescript" || label === "javascript" ? new TsWorker() : new EditorWorker()),
  };
  const ts = monaco.typescript.typescriptDefaults;
  ts.setCompilerOptions({
    target: monaco.typescript.ScriptTarget.ESNext,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
    allowNonTsExtensions: true,
    strict: true,
    noEmit: true,
  });
  ts.setDiagnosticsOptions({ diagnosticCodesToIgnore: NOT_ERRORS_IN_CELLS });
  // Every cell model is visible to the others, as the kernel's shared scope is.
  ts.setEagerModelSync(true);
  for (const [path, text] of Object.entries(engineTypes)) {
    ts.addExtraLib(text, `file:///node_modules/mlm-notebook/${path}`);
  }
  ts.addExtraLib(JSON.stringify({ name: "mlm-notebook", types: "engine/index.d.ts" }), "file:///node_modules/mlm-notebook/package.json");
  loader.config({ monaco });
}

export { monaco };
