import assert from "node:assert/strict";
import { createServer } from "node:net";
import { test } from "node:test";
import { startHubStandIn } from "../hub-stand-in/server";
import { chooseFirstNotebook } from "../../src/service/first-notebook";

test("a first start opens the Hub tutorial when the Hub answers, and says why", async () => {
  const hub = await startHubStandIn();
  try {
    const first = await chooseFirstNotebook(hub.url);
    assert.equal(first.template, "hub");
    assert.match(first.why, /Hub tutorial: the Hugging Face Hub \(http:\/\/127\.0\.0\.1:\d+\) answers/);
  } finally {
    await hub.close();
  }
});

test("a first start opens the offline tutorial when the Hub cannot be reached, and says why", async () => {
  // A port that was just free: nothing listens there, so the connection is refused.
  const port = await new Promise<number>((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
  const first = await chooseFirstNotebook(`http://127.0.0.1:${port}`);
  assert.equal(first.template, "offline");
  assert.match(first.why, /offline tutorial: the Hugging Face Hub \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached \(.*ECONNREFUSED.*\)/);
});
