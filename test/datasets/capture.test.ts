import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { packFunction } from "../../src/engine/datasets/capture";
import { rebuildFunction } from "../../src/engine/datasets/rebuild";
import { WORKER_TRANSFERABLE, setScopeResolver } from "../../src/engine/datasets/index";

afterEach(() => setScopeResolver(null));

function inScope<F>(scope: Record<string, unknown>, source: string): F {
  setScopeResolver((n) => (n in scope ? { found: true, value: scope[n] } : { found: false }));
  return new Function("scope", `with (scope) { return (${source}); }`)(scope) as F;
}

test("a function is packed with the values, helper functions and recipes it reads, and rebuilds to the same behaviour", async () => {
  const scope: Record<string, unknown> = { k: 2, table: { a: [1, 2] }, k2: 10 };
  scope.helper = inScope(scope, "function helper(x) { return x * k2; }");
  scope.rebuilt = { [WORKER_TRANSFERABLE]: () => ({ module: "node:path", export: "posix.basename", args: ["/a/b.txt"] }) };
  const fn = inScope<(x: number) => unknown>(scope, "(x) => [helper(x) + k + table.a.length, rebuilt, typeof Math.max, `${k}`]");
  const packed = packFunction(fn);
  assert.ok(packed.ok);
  assert.deepEqual(Object.keys(packed.pkg.captures).sort(), ["helper", "k", "rebuilt", "table"]);
  assert.equal(packed.pkg.captures.helper.kind, "function");
  const again = (await rebuildFunction(packed.pkg)) as (x: number) => unknown;
  assert.deepEqual(again(3), [34, "b.txt", "function", "2"]);
});

test("method shorthand is packed as an expression; native functions and class instances are refused with a reason", () => {
  const scope: Record<string, unknown> = { k: 1 };
  const obj = inScope<{ add(x: number): number }>(scope, "{ add(x) { return x + k; } }");
  const packed = packFunction(obj.add as never);
  assert.ok(packed.ok && packed.pkg.source.includes("add(x)"));
  const native = packFunction(Math.max as never);
  assert.ok(!native.ok && /native/.test(native.reason));
  class Vocabulary {}
  scope.vocab = new Vocabulary();
  const withInstance = packFunction(inScope(scope, "(x) => vocab") as never);
  assert.ok(!withInstance.ok && withInstance.name === "vocab" && /Vocabulary instance/.test(withInstance.reason));
});

test("by default names resolve on globalThis, never the platform's own globals", () => {
  (globalThis as Record<string, unknown>).blockSizeForCaptureTest = 64;
  try {
    const packed = packFunction(((x: number[]) => x.slice(0, (globalThis as never as { blockSizeForCaptureTest: number }).blockSizeForCaptureTest + Math.max(0, JSON.stringify(x).length))) as never);
    assert.ok(packed.ok);
    assert.deepEqual(Object.keys(packed.pkg.captures), [], "globalThis itself, Math and JSON are platform globals");
    const direct = packFunction(new Function("return (x) => x + blockSizeForCaptureTest")() as never);
    assert.ok(direct.ok);
    assert.deepEqual(direct.pkg.captures, { blockSizeForCaptureTest: { kind: "value", value: 64 } });
  } finally {
    delete (globalThis as Record<string, unknown>).blockSizeForCaptureTest;
  }
});
