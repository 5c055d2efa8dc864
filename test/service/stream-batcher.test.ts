import assert from "node:assert/strict";
import { test } from "node:test";
import type { NotebookEvent } from "../../src/api/index";
import { StreamBatcher } from "../../src/service/stream-batcher";

const out = (cellId: string, name: "stdout" | "stderr", text: string): NotebookEvent => ({ type: "output", cellId, output: { output_type: "stream", name, text } });
const texts = (events: NotebookEvent[]) => events.map((e) => (e.type === "output" && e.output.output_type === "stream" ? `${e.cellId}/${e.output.name}:${e.output.text}` : e.type));

test("the first chunk goes at once, the rest are joined, and other events keep their order", async () => {
  const sent: NotebookEvent[] = [];
  const b = new StreamBatcher((e) => sent.push(e), 20);
  b.push(out("a", "stdout", "1\n"));
  for (let i = 2; i <= 1000; i++) b.push(out("a", "stdout", `${i}\n`));
  assert.deepEqual(texts(sent), ["a/stdout:1\n"]);
  b.push(out("a", "stderr", "warn\n"));
  b.push({ type: "kernel", status: "idle" });
  const joined = Array.from({ length: 999 }, (_, i) => `${i + 2}\n`).join("");
  assert.deepEqual(texts(sent), ["a/stdout:1\n", `a/stdout:${joined}`, "a/stderr:warn\n", "kernel"]);
  b.push(out("b", "stdout", "x"));
  b.push(out("b", "stdout", "y"));
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(texts(sent).slice(4), ["b/stdout:x", "b/stdout:y"], "flushed by the timer");
});
