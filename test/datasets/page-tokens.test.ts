// Dataset pages carry input_ids / labels as token strings, decoded with the notebook's tokenizer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { DATASET_MIME, Dataset, type DatasetPayload } from "../../src/engine/datasets/index";
import { FETCH_PAGE, REPR_MIMEBUNDLE } from "../../src/engine/runtime/display";
import { notebookTokenizer, setNotebookTokenizer, withTokens } from "../../src/engine/runtime/tokens";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";

const folder = fileURLToPath(new URL("../../resources/tokenizers/roberta-base-tokenizer", import.meta.url));

test("without a loaded tokenizer a page has no tokens", () => {
  setNotebookTokenizer(null);
  const ds = Dataset.fromDict({ input_ids: [[0, 1, 2]] });
  assert.equal(ds[FETCH_PAGE](undefined, 0, 10).tokens, undefined);
});

test("fromPretrained becomes the notebook's tokenizer; pages and previews decode id columns", async () => {
  const tok = await AutoTokenizer.fromPretrained(folder);
  assert.equal(notebookTokenizer(), tok);
  const enc = tok(["Hello world", "The Milky Way"]);
  const ds = Dataset.fromDict({ text: ["Hello world", "The Milky Way"], input_ids: enc.input_ids, labels: enc.input_ids.map((ids) => ids.map((id, i) => (i === 1 ? id : -100))) });
  const page = ds[FETCH_PAGE](undefined, 0, 10);
  assert.deepEqual(Object.keys(page.tokens ?? {}).sort(), ["input_ids", "labels"]);
  assert.deepEqual(page.tokens!.input_ids[0], tok.convertIdsToTokens(enc.input_ids[0]));
  assert.equal(page.tokens!.input_ids[0]![0], "<s>");
  assert.equal(page.tokens!.input_ids[0]!.at(-1), "</s>");
  // labels' -100 has no token: null in its place, the real label decoded.
  assert.deepEqual(page.tokens!.labels[1], enc.input_ids[1].map((id, i) => (i === 1 ? tok.convertIdsToTokens([id])[0] : null)));
  const payload = ds[REPR_MIMEBUNDLE]("v1")[DATASET_MIME] as DatasetPayload;
  assert.deepEqual(payload.splits[0].preview.tokens?.input_ids, page.tokens!.input_ids);
});

test("grouped blocks keep the </s><s> pair where a text ends inside a block", async () => {
  const tok = await AutoTokenizer.fromPretrained(folder);
  const ids = tok(["one two", "three four five"]).input_ids.flat();
  const blocks = [ids.slice(0, 4), ids.slice(4, 8)];
  const page = withTokens({ offset: 0, total: 2, columns: ["input_ids", "other"], rows: blocks.map((b) => [b, "x"]) }, tok);
  const all = page.tokens!.input_ids.flat();
  const end = all.indexOf("</s>");
  assert.equal(all[end + 1], "<s>");
  assert.equal(page.tokens!.other, undefined);
});

test("columns other than id lists, or values that are not integer lists, stay undecoded", () => {
  const fake = { convertIdsToTokens: (ids: number[]) => ids.map((i) => `t${i}`) };
  const page = withTokens({ offset: 0, total: 3, columns: ["input_ids", "attention_mask"], rows: [[[1, 2], [1, 1]], ["text", [1]], [Int32Array.from([3]), [1]]] }, fake);
  assert.deepEqual(page.tokens, { input_ids: [["t1", "t2"], null, ["t3"]] });
});
