// Which MIME type of a bundle the app shows: our own views win over the text/html they also carry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MIME } from "../../src/api/index";
import { pickMime, VIEW_ORDER } from "../../src/renderer/src/views/order";

test("every view of our own is picked over text/html and text/plain; HTML over plain text; unknown types over nothing", () => {
  const ours = Object.values(MIME).filter((m) => m.startsWith("application/vnd.mlm-notebook."));
  assert.deepEqual([...ours].sort(), VIEW_ORDER.slice(0, VIEW_ORDER.indexOf(MIME.html)).sort(), "each of our types comes before text/html");
  for (const mime of ours) assert.equal(pickMime({ [MIME.text]: "x", [MIME.html]: "<b>x</b>", [mime]: {} }), mime);
  assert.equal(pickMime({ [MIME.text]: "x", [MIME.html]: "<b>x</b>" }), MIME.html);
  assert.equal(pickMime({ "application/x-unknown": 1 }), null);
});
