// A cell's TypeScript → a script that runs in the kernel's one shared scope.
// esbuild strips the types (the brief: transform, not bundle); the JavaScript is then rewritten so
// that top-level declarations become properties of the scope object every cell runs `with`, which
// makes them visible to later cells and re-definable on re-run (as in a REPL). Line structure is
// kept and both steps carry source maps, so positions map back to the cell.
import { SourceMap } from "node:module";
import type { Node, Program } from "acorn";
import MagicString from "magic-string";
import { namesOfProgram, parseProgram, transpileCell, type CellNames } from "../notebook/cell-names";

/** The runtime object every compiled cell receives: scope, module loader, last value. */
export const RUNTIME_PARAM = "__mlm";

/** `import { name } from "source"` at the cell's 1-based line and column. */
export interface NamedImport {
  source: string;
  name: string;
  line: number;
  column: number;
  lineText: string;
}

export interface CompiledCell extends CellNames {
  namedImports: NamedImport[];
  /** A script whose completion value is an async function of the runtime object. */
  script: string;
  /** Maps a 1-based line and column in `script` to the cell's own 1-based line and column. */
  toCellPosition(line: number, column: number): { line: number; column: number } | null;
}

/** A compile error at a place in the cell (1-based line and column). */
export class CellSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number, readonly lineText: string) {
    super(message);
    this.name = "SyntaxError";
  }
}

interface EsbuildFailure {
  errors: { text: string; location: { line: number; column: number; lineText: string } | null }[];
}

export function compileCell(source: string, filename: string): CompiledCell {
  let js: { code: string; map: string };
  try {
    js = transpileCell(source, filename);
  } catch (e) {
    const first = (e as Partial<EsbuildFailure>).errors?.[0];
    if (!first) throw e;
    const loc = first.location ?? { line: 1, column: 0, lineText: source.split("\n")[0] ?? "" };
    throw new CellSyntaxError(first.text, loc.line, loc.column + 1, loc.lineText);
  }
  const jsMap = new SourceMap(JSON.parse(js.map));
  let program: Program;
  try {
    program = parseProgram(js.code);
  } catch (e) {
    // esbuild accepted it, acorn did not (rare: e.g. top-level `return`): report where, in the cell.
    const pos = (e as { loc?: { line: number; column: number } }).loc ?? { line: 1, column: 0 };
    const at = jsMap.findEntry(pos.line - 1, pos.column);
    const line = "originalLine" in at ? at.originalLine + 1 : pos.line;
    const column = "originalColumn" in at ? at.originalColumn + 1 : pos.column + 1;
    throw new CellSyntaxError((e as Error).message.replace(/ \(\d+:\d+\)$/, ""), line, column, source.split("\n")[line - 1] ?? "");
  }
  const names = namesOfProgram(program);
  const namedImports = namedImportsOf(program, js.code, (line, column) => {
    const at = jsMap.findEntry(line - 1, column - 1);
    return "originalLine" in at ? { line: at.originalLine + 1, column: at.originalColumn + 1 } : { line, column };
  }, source);
  const s = new MagicString(js.code);
  rewriteTopLevel(program, s);
  rewriteDynamicImports(program, s);
  // `with` needs sloppy mode, which a function made from a script has unless the cell says otherwise.
  s.prepend(`(async function (${RUNTIME_PARAM}) { with (${RUNTIME_PARAM}.scope) { `);
  s.append(`\n} })`);
  const scriptMap = new SourceMap(s.generateMap({ hires: true, includeContent: false }) as unknown as ConstructorParameters<typeof SourceMap>[0]);
  return {
    ...names,
    namedImports,
    script: s.toString(),
    toCellPosition(line, column) {
      const inJs = scriptMap.findEntry(line - 1, column - 1);
      if (!("originalLine" in inJs)) return null;
      const inTs = jsMap.findEntry(inJs.originalLine, inJs.originalColumn);
      if (!("originalLine" in inTs)) return null;
      return { line: inTs.originalLine + 1, column: inTs.originalColumn + 1 };
    },
  };
}

type AnyNode = Node & Record<string, unknown>;

function namedImportsOf(program: Program, code: string, toCell: (line: number, column: number) => { line: number; column: number }, source: string): NamedImport[] {
  const found: NamedImport[] = [];
  for (const statement of program.body as unknown as AnyNode[]) {
    if (statement.type !== "ImportDeclaration") continue;
    for (const sp of statement.specifiers as AnyNode[]) {
      if (sp.type !== "ImportSpecifier") continue;
      const imported = sp.imported as { name?: string; value?: string; start: number };
      const before = code.slice(0, imported.start).split("\n");
      const at = toCell(before.length, before[before.length - 1].length + 1);
      found.push({ source: (statement.source as { value: string }).value, name: imported.name ?? imported.value ?? "", ...at, lineText: source.split("\n")[at.line - 1] ?? "" });
    }
  }
  return found;
}

function rewriteTopLevel(program: Program, s: MagicString): void {
  const body = program.body as unknown as AnyNode[];
  body.forEach((statement, i) => {
    let node = statement;
    if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") {
      // A cell is not a module: `export` just defines the name.
      const declaration = node.declaration as AnyNode | null;
      if (!declaration) {
        s.remove(node.start, node.end);
        return;
      }
      s.remove(node.start, declaration.start);
      node = declaration;
    }
    switch (node.type) {
      case "ImportDeclaration":
        s.overwrite(node.start, node.end, keepLines(s.original.slice(node.start, node.end), importAsAssignment(node)));
        break;
      case "VariableDeclaration": {
        const declarations = node.declarations as AnyNode[];
        // `const {a} = x, b = 1;` → `({a} = x, b = 1);`: same text, the keyword gone.
        s.overwrite(node.start, declarations[0].start, "(");
        for (const d of declarations) if (!d.init) s.appendLeft(d.end, " = void 0");
        s.appendLeft(declarations[declarations.length - 1].end, ")");
        if (!s.original.slice(node.start, node.end).trimEnd().endsWith(";")) s.appendLeft(node.end, ";");
        break;
      }
      case "FunctionDeclaration": {
        // A function declaration is hoisted within the block, so it can be published before it.
        const name = (node.id as { name: string }).name;
        s.prependLeft(node.start, `${RUNTIME_PARAM}.scope[${JSON.stringify(name)}] = ${name}; `);
        break;
      }
      case "ClassDeclaration": {
        const name = (node.id as { name: string }).name;
        s.prependLeft(node.start, `${name} = `);
        s.appendLeft(node.end, ";");
        break;
      }
      case "ExpressionStatement": {
        const expression = node.expression as AnyNode;
        // The last expression is the cell's value, as in Jupyter; an assignment is not shown.
        if (i === body.length - 1 && expression.type !== "AssignmentExpression") {
          // From the statement's start: `({ a: 1 })` starts with a parenthesis the expression node excludes.
          s.prependLeft(node.start, `return (`);
          s.appendLeft(expression.end, `)`);
        }
        break;
      }
    }
  });
}

function importAsAssignment(node: AnyNode): string {
  const from = `await ${RUNTIME_PARAM}.import(${JSON.stringify((node.source as { value: string }).value)})`;
  const specifiers = node.specifiers as AnyNode[];
  if (specifiers.length === 0) return `${from};`;
  const parts: string[] = [];
  const named: string[] = [];
  for (const sp of specifiers) {
    const local = (sp.local as { name: string }).name;
    if (sp.type === "ImportNamespaceSpecifier") parts.push(`${local} = __m`);
    else if (sp.type === "ImportDefaultSpecifier") parts.push(`${local} = __m.default`);
    else {
      const imported = sp.imported as { type: string; name?: string; value?: string };
      named.push(`${JSON.stringify(imported.name ?? imported.value)}: ${local}`);
    }
  }
  if (named.length) parts.push(`({ ${named.join(", ")} } = __m)`);
  return `await (async (__m) => { ${parts.join("; ")}; })(${from});`;
}

function rewriteDynamicImports(program: Program, s: MagicString): void {
  walk(program as unknown as AnyNode, (node) => {
    if (node.type === "ImportExpression") s.overwrite(node.start, node.start + "import".length, `${RUNTIME_PARAM}.import`);
  });
}

function walk(node: AnyNode, visit: (node: AnyNode) => void): void {
  visit(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) walk(v, visit);
    } else if (isNode(value)) walk(value, visit);
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** A replacement that spans fewer lines than the original gets newlines back, so later lines keep their numbers. */
function keepLines(original: string, replacement: string): string {
  const missing = original.split("\n").length - replacement.split("\n").length;
  return replacement + "\n".repeat(Math.max(0, missing));
}
