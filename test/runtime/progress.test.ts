import assert from "node:assert/strict";
import { test } from "node:test";
import { setProgressSink, startProgress, type ProgressReport } from "../../src/engine/runtime/progress";

test("progress reports done, total, rate and ETA, and always the final report", () => {
  const seen: ProgressReport[] = [];
  setProgressSink((r) => seen.push(r));
  const p = startProgress("map", 10, "ex", 0);
  for (let i = 0; i < 10; i++) p.advance();
  p.finish();
  setProgressSink(null);
  const last = seen.at(-1)!;
  assert.equal(last.done, 10);
  assert.equal(last.total, 10);
  assert.equal(last.finished, true);
  assert.ok(seen.length >= 2);
  assert.ok(seen.every((r) => r.id === p.id));
});
