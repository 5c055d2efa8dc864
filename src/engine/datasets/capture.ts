// Sending a map function to worker threads. A JS function cannot be cloned, so map sends its
// source plus the values of the names it reads from outside (its "captures"), found by
// scope analysis of its source (acorn + eslint-scope) and looked up in the notebook's scope:
//   - plain data (numbers, strings, arrays, plain objects…) is copied;
//   - an object implementing WORKER_TRANSFERABLE (e.g. a tokenizer) is rebuilt in the worker
//     from the recipe it returns: `await import(module)[export](...args)`;
//   - a function (a helper from another cell) is sent the same way, recursively.
// Anything else (class instances without a recipe, native or bound functions, handles) cannot
// be rebuilt: map then runs in-process (numProc 1) and warns, naming the variable.
// Limits: `this` and names the scope resolver cannot see (e.g. a cell's module-level imports) are
// not captured; the function then fails in the worker with a ReferenceError naming them.
import { parse } from "acorn";
import { analyze } from "eslint-scope";
import { serialize } from "node:v8";
import { createHash } from "node:crypto";

/** Symbol an object implements to be rebuilt inside a map worker. */
export const WORKER_TRANSFERABLE = Symbol.for("mlm-notebook.workerTransferable");

export interface WorkerRecipe {
  /**
   * What the worker imports: "mlm-notebook" or "mlm-notebook/<area>" (the engine, from source
   * or built, whichever runs), or an absolute path / file: URL of a module without side effects.
   */
  module: string;
  /** Export to call (dotted for static methods, e.g. "AutoTokenizer.fromPretrained"); its (awaited) result is the value. */
  export: string;
  /** Structured-cloneable arguments. */
  args: unknown[];
  /** Identifies the rebuilt object's content for map's cache (e.g. a hash of tokenizer.json); default: the recipe itself. */
  fingerprint?: string;
}

export interface WorkerTransferable {
  [WORKER_TRANSFERABLE](): WorkerRecipe;
}

export type CapturedValue =
  | { kind: "value"; value: unknown }
  | { kind: "rebuild"; recipe: WorkerRecipe }
  | { kind: "function"; pkg: FunctionPackage };

export interface FunctionPackage {
  /** An expression that evaluates to the function. */
  source: string;
  captures: Record<string, CapturedValue>;
}

export type ScopeResolver = (name: string) => { found: boolean; value?: unknown };

// Names on globalThis when the engine loaded are the platform's own (Math, JSON, Buffer…):
// the worker has them too, so they are never captured.
const PLATFORM_GLOBALS = new Set(Object.getOwnPropertyNames(globalThis));

const globalScope: ScopeResolver = (name) =>
  !PLATFORM_GLOBALS.has(name) && name in globalThis ? { found: true, value: (globalThis as Record<string, unknown>)[name] } : { found: false };

let resolver: ScopeResolver = globalScope;

/** The kernel installs how cell-level names are looked up (default: globalThis, minus platform globals). */
export function setScopeResolver(next: ScopeResolver | null): void {
  resolver = next ?? globalScope;
}

/** Names `expression` reads but does not declare (its free variables), by scope analysis. */
function freeNames(expression: string): string[] {
  const ast = parse(expression, { ecmaVersion: "latest", sourceType: "script", ranges: true });
  const scopes = analyze(ast as unknown as Parameters<typeof analyze>[0], { ecmaVersion: 2022, sourceType: "script" });
  return [...new Set(scopes.globalScope?.through.map((ref) => ref.identifier.name) ?? [])];
}

/** The source of `fn` as an expression (method shorthand `f(x) {…}` is wrapped). */
function functionExpression(fn: (...args: never[]) => unknown): string | null {
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}$/.test(source)) return null;
  if (/^class\b/.test(source)) return null;
  for (const candidate of [`(${source})`, `({ ${source} })[${JSON.stringify(fn.name)}]`]) {
    try {
      parse(candidate, { ecmaVersion: "latest", sourceType: "script" });
      return candidate;
    } catch {
      // not this shape; try the next
    }
  }
  return null;
}

export type PackResult = { ok: true; pkg: FunctionPackage } | { ok: false; name: string; reason: string };

/** The captured names whose values are plain scalars (e.g. blockSize): what an export can write as literals. */
export function plainCaptures(pkg: FunctionPackage): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, c] of Object.entries(pkg.captures)) {
    if (c.kind === "value" && (c.value === null || ["string", "number", "boolean"].includes(typeof c.value))) out[name] = c.value as string | number | boolean | null;
  }
  return out;
}

/** Packs a function and what it captures for a worker, or says which captured name cannot be sent and why. */
export function packFunction(fn: (...args: never[]) => unknown, seen = new Set<unknown>()): PackResult {
  try {
    return packUnchecked(fn, seen);
  } catch (error) {
    return { ok: false, name: fn.name || "(the function)", reason: `its source could not be analysed (${error instanceof Error ? error.message : String(error)})` };
  }
}

function packUnchecked(fn: (...args: never[]) => unknown, seen: Set<unknown>): PackResult {
  const source = functionExpression(fn);
  if (source === null) return { ok: false, name: fn.name || "(the function)", reason: "it is a native, bound or class function whose source is not available" };
  seen.add(fn);
  const captures: Record<string, CapturedValue> = {};
  for (const name of freeNames(source)) {
    const hit = resolver(name);
    if (!hit.found) continue;
    const v = hit.value;
    if (v === fn) continue; // recursion: the worker binds the name to the function itself
    const captured = captureValue(v, seen);
    if (!captured.ok) return { ok: false, name, reason: captured.reason };
    captures[name] = captured.value;
  }
  return { ok: true, pkg: { source, captures } };
}

function captureValue(v: unknown, seen: Set<unknown>): { ok: true; value: CapturedValue } | { ok: false; reason: string } {
  // Checked first: a tokenizer is callable (a function) and still rebuilds from its recipe.
  if ((typeof v === "object" || typeof v === "function") && v !== null && WORKER_TRANSFERABLE in v) {
    return { ok: true, value: { kind: "rebuild", recipe: (v as WorkerTransferable)[WORKER_TRANSFERABLE]() } };
  }
  if (typeof v === "function") {
    if (seen.has(v)) return { ok: false, reason: "it is a function that refers back to another captured function" };
    const packed = packFunction(v as (...args: never[]) => unknown, seen);
    return packed.ok ? { ok: true, value: { kind: "function", pkg: packed.pkg } } : { ok: false, reason: `it uses "${packed.name}", which cannot be sent: ${packed.reason}` };
  }
  const problem = plainDataProblem(v, 0);
  return problem === null ? { ok: true, value: { kind: "value", value: v } } : { ok: false, reason: problem };
}

/** Null when `v` is data a worker can receive by copy; otherwise why not. */
function plainDataProblem(v: unknown, depth: number): string | null {
  if (v === null || ["undefined", "boolean", "number", "string", "bigint"].includes(typeof v)) return null;
  if (typeof v === "symbol") return "it is a symbol";
  if (depth > 64) return "it is nested too deeply";
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date || v instanceof RegExp) return null;
  if (Array.isArray(v)) {
    for (const item of v) {
      const p = plainDataProblem(item, depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (v instanceof Map || v instanceof Set) {
    for (const item of v instanceof Map ? [...v.keys(), ...v.values()] : v) {
      const p = plainDataProblem(item, depth + 1);
      if (p) return p;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    for (const item of Object.values(v as object)) {
      const p = plainDataProblem(item, depth + 1);
      if (p) return p;
    }
    return null;
  }
  const cls = (proto as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return `it is a ${cls} instance, which a worker cannot rebuild (it would need to implement Symbol.for("mlm-notebook.workerTransferable"))`;
}

/** A stable digest of a packed function, for map's cache key. */
export function packageFingerprint(pkg: FunctionPackage): string {
  const h = createHash("sha256");
  const visit = (p: FunctionPackage): void => {
    h.update(p.source);
    for (const name of Object.keys(p.captures).sort()) {
      const c = p.captures[name];
      h.update(`\0${name}\0${c.kind}\0`);
      if (c.kind === "value") h.update(serialize(c.value));
      else if (c.kind === "rebuild") h.update(c.recipe.fingerprint ?? JSON.stringify(c.recipe));
      else visit(c.pkg);
    }
  };
  visit(pkg);
  return h.digest("hex");
}
