// What a code cell defines and reads at top level: the basis of the freshness rules and of the
// kernel's shared scope. One parse path (esbuild strips the types, acorn parses the JavaScript,
// eslint-scope resolves the references) used by both the service and the kernel.
import { parse, type Program } from "acorn";
import { analyze } from "eslint-scope";
import { transformSync } from "esbuild";

export interface CellNames {
  /** Top-level names the cell declares (const/let/var/function/class/import) or assigns without declaring. */
  defines: string[];
  /** Free names the cell reads that JavaScript itself does not provide. */
  reads: string[];
}

export interface TranspiledCell {
  code: string;
  /** esbuild's source map (JSON text) from `code` back to the cell's TypeScript. */
  map: string;
}

/** Names every JavaScript host provides; reading them is not a dependency on another cell. */
const BUILTINS = new Set(Object.getOwnPropertyNames(globalThis));

/**
 * TypeScript → JavaScript for one cell. `verbatimModuleSyntax` keeps imports a cell does not use
 * itself: a later cell may read them.
 */
export function transpileCell(source: string, sourcefile = "cell.ts"): TranspiledCell {
  const r = transformSync(source, {
    loader: "ts",
    format: "esm",
    target: "node20",
    sourcemap: "external",
    sourcefile,
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return { code: r.code, map: r.map };
}

export function parseProgram(code: string): Program {
  return parse(code, { ecmaVersion: "latest", sourceType: "module", ranges: true, locations: true });
}

export function namesOfProgram(program: Program): CellNames {
  // eslint-scope's types describe ESTree; acorn's Program is ESTree with acorn's own typings.
  const manager = analyze(program as unknown as Parameters<typeof analyze>[0], { ecmaVersion: 2022, sourceType: "module" });
  const moduleScope = manager.globalScope?.childScopes.find((s) => s.type === "module");
  const defines = moduleScope ? moduleScope.variables.map((v) => v.name) : [];
  const reads = new Set<string>();
  for (const ref of manager.globalScope?.through ?? []) {
    const name = ref.identifier.name;
    if (BUILTINS.has(name)) continue;
    // `model = await train(model)` replaces another cell's value: for later readers that is a definition.
    if (ref.isWrite()) defines.push(name);
    if (ref.isRead() || !ref.isWrite()) reads.add(name);
  }
  return { defines: unique(defines), reads: [...reads] };
}

/** The names of a cell's source, or null while it does not compile (a half-typed edit). */
export function cellNames(source: string): CellNames | null {
  try {
    return namesOfProgram(parseProgram(transpileCell(source).code));
  } catch {
    return null;
  }
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
