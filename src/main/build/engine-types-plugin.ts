// A Vite plugin for the renderer: `import { engineTypes } from "virtual:engine-types"` gives the
// engine's declaration files, generated at build time with the TypeScript compiler from src/engine,
// so Monaco completes `import { loadDataset } from "mlm-notebook"` against the code as it is now.
// The payload types the engine takes from src/api come along, at their paths beside src/engine.
import { dirname, relative } from "node:path";
import ts from "typescript";
import type { Plugin } from "vite";

const VIRTUAL_ID = "virtual:engine-types";
const RESOLVED_ID = "\0" + VIRTUAL_ID;

export interface EngineDeclarations {
  /** Keyed by path relative to src (e.g. "engine/runtime/index.d.ts", "api/payloads/training.d.ts"). */
  files: Record<string, string>;
  /** Declaration-emit errors: reported as build warnings, since the editor still works with the rest. */
  problems: string;
}

export function emitEngineDeclarations(engineDir: string): EngineDeclarations {
  const program = ts.createProgram([`${engineDir}/index.ts`], {
    declaration: true,
    emitDeclarationOnly: true,
    skipLibCheck: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ["node"],
    outDir: "/src-dts",
    rootDir: dirname(engineDir),
  });
  const files: Record<string, string> = {};
  const result = program.emit(undefined, (fileName, text) => {
    files[relative("/src-dts", fileName)] = text;
  }, undefined, true);
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  const problems = ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => engineDir, getNewLine: () => "\n" });
  if (!files["engine/index.d.ts"]) throw new Error(`Could not generate the engine's declarations for the editor:\n${problems}`);
  return { files, problems };
}

export function engineTypesPlugin(engineDir: string): Plugin {
  return {
    name: "mlm-notebook-engine-types",
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : null),
    load(id) {
      if (id !== RESOLVED_ID) return null;
      const { files, problems } = emitEngineDeclarations(engineDir);
      if (problems) this.warn(`engine declarations for the editor are incomplete:\n${problems}`);
      return `export const engineTypes = ${JSON.stringify(files)};`;
    },
  };
}
