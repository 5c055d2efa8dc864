// Worker side of ./capture: turns a FunctionPackage back into a callable function, rebuilding
// captured objects from their recipes (module URLs already resolved by the sending side).
import type { CapturedValue, FunctionPackage, WorkerRecipe } from "./capture";

async function rebuildRecipe(recipe: WorkerRecipe): Promise<unknown> {
  const mod = (await import(recipe.module)) as Record<string, unknown>;
  let parent: unknown = mod;
  let target: unknown = mod;
  for (const part of recipe.export.split(".")) {
    parent = target;
    target = (target as Record<string, unknown> | undefined)?.[part];
    if (target === undefined) throw new Error(`Cannot rebuild a captured object in a map worker: ${recipe.module} has no export "${recipe.export}"`);
  }
  return typeof target === "function" ? await (target as (...a: unknown[]) => unknown).apply(parent, recipe.args) : target;
}

async function rebuildValue(c: CapturedValue): Promise<unknown> {
  if (c.kind === "value") return c.value;
  if (c.kind === "rebuild") return rebuildRecipe(c.recipe);
  return rebuildFunction(c.pkg);
}

export async function rebuildFunction(pkg: FunctionPackage): Promise<(...args: unknown[]) => unknown> {
  const names = Object.keys(pkg.captures);
  const values = await Promise.all(names.map((n) => rebuildValue(pkg.captures[n])));
  // The captured names become parameters of a factory, so the function sees them as it did in the notebook.
  const factory = new Function(...names, `return ${pkg.source};`) as (...v: unknown[]) => (...args: unknown[]) => unknown;
  return factory(...values);
}
