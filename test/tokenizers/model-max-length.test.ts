// model_max_length of a Hub tokenizer with and without tokenizer_config.json, as transformers 5.18 gives it.
// Without the file transformers falls back to VERY_LARGE_INTEGER, and truncation=True then cuts nothing
// (it warns instead). Seen with /work/pretrain/venv (transformers 5.18.0) on these very files:
//   AutoTokenizer.from_pretrained(folder).model_max_length       -> 1000000000000000019884624838656
//   len(tok(["hello " * 600], truncation=True)["input_ids"][0])   -> 603
// and with tokenizer_config.json {"model_max_length": 512}: 512 and 512.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { tempDir } from "../datasets/fixtures";
import { BUNDLED } from "./corpus";

let hub: HubStandIn;
let cache: ReturnType<typeof tempDir>;
const file = (name: string): string => readFileSync(join(BUNDLED, name), "utf8");
const long = "hello ".repeat(600);

before(async () => {
  cache = tempDir("tok-max-");
  hub = await startHubStandIn();
  const files = { "tokenizer.json": file("tokenizer.json"), "vocab.json": file("vocab.json"), "merges.txt": file("merges.txt"), "config.json": '{"model_type": "roberta", "max_position_embeddings": 514}' };
  hub.addRepo({ type: "model", id: "acme/no-tokenizer-config", files });
  hub.addRepo({ type: "model", id: "acme/with-tokenizer-config", files: { ...files, "tokenizer_config.json": '{"model_max_length": 512}' } });
});
after(async () => {
  await hub.close();
  cache.remove();
});

/** Loads the tokenizer and encodes the long text with truncation: true; returns [modelMaxLength, ids kept, warnings]. */
async function truncateLong(repo: string): Promise<[number, number, string[]]> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  try {
    const tok = await AutoTokenizer.fromPretrained(repo, { hubUrl: hub.url, cacheDir: cache.path });
    return [tok.modelMaxLength, tok([long], { truncation: true }).input_ids[0].length, warnings];
  } finally {
    console.warn = warn;
  }
}

test("without tokenizer_config.json, modelMaxLength is transformers' VERY_LARGE_INTEGER and truncation: true cuts nothing, with its warning; online and offline", async () => {
  for (const cut of [false, true]) {
    hub.setOffline(cut);
    try {
      const [max, kept, warnings] = await truncateLong("acme/no-tokenizer-config");
      assert.equal(max, 1000000000000000019884624838656);
      assert.equal(kept, 603);
      assert.ok(warnings.some((w) => /no maximum length is provided and the model has no predefined maximum length\. Default to no truncation/.test(w)), warnings.join("\n"));
    } finally {
      hub.setOffline(false);
    }
  }
  const storage = join(cache.path, "models--acme--no-tokenizer-config");
  const commit = readFileSync(join(storage, "refs", "main"), "utf8");
  assert.ok(existsSync(join(storage, ".no_exist", commit, "tokenizer_config.json")), "its absence is remembered, as huggingface_hub does");
});

test("with tokenizer_config.json's model_max_length 512, truncation: true caps at 512", async () => {
  const [max, kept] = await truncateLong("acme/with-tokenizer-config");
  assert.equal(max, 512);
  assert.equal(kept, 512);
});
