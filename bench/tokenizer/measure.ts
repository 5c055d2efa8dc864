// One library's tokens/s on the sample's answers, in its own process (run by ./run.mjs).
// Usage: node --import tsx bench/tokenizer/measure.ts <ours|hf-tokenizers|gpt-tokenizer|js-tiktoken> [passes]
// Prints one JSON line: content tokens, ms per cold pass (caches cleared first) and warm pass,
// and a digest of the ids (r50k ids + 4, so all four must give the same digest).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { encode as gptTokenizerEncode, clearMergeCache } from "gpt-tokenizer/encoding/r50k_base";
import { getEncoding } from "js-tiktoken";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { BUNDLED, ROOT, sampleAnswers } from "../../test/tokenizers/corpus";

interface Subject {
  version: string;
  /** Encodes every text; with `row`, passes it each text's content ids (in our id space). Timed passes give none. */
  run(texts: string[], row: ((ids: ArrayLike<number>) => void) | null): void;
  clearCaches(): void;
}

const version = (pkg: string): string => JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
const BATCH = 1000; // map(batched=True)'s default batch_size

async function subject(name: string): Promise<Subject> {
  switch (name) {
    case "ours": {
      const tok = await AutoTokenizer.fromPretrained(BUNDLED);
      return {
        version: "src/engine/tokenizers",
        run(texts, row) {
          for (let i = 0; i < texts.length; i += BATCH) {
            const rows = tok(texts.slice(i, i + BATCH)).input_ids;
            if (row) for (const ids of rows) row(ids.slice(1, -1));
          }
        },
        clearCaches: () => tok.clearCache(),
      };
    }
    case "hf-tokenizers": {
      const tok = new Tokenizer(JSON.parse(readFileSync(join(BUNDLED, "tokenizer.json"), "utf8")), JSON.parse(readFileSync(join(BUNDLED, "tokenizer_config.json"), "utf8")));
      const model = (tok as unknown as { model: { clear_cache(): void } }).model;
      return {
        version: version("@huggingface/tokenizers"),
        run(texts, row) {
          for (const t of texts) {
            const ids = tok.encode(t, { add_special_tokens: false }).ids;
            if (row) row(ids);
          }
        },
        clearCaches: () => model.clear_cache(),
      };
    }
    case "gpt-tokenizer":
      return {
        version: version("gpt-tokenizer"),
        run(texts, row) {
          for (const t of texts) {
            const ids = gptTokenizerEncode(t);
            if (row) row(ids.map((id) => id + 4));
          }
        },
        clearCaches: () => clearMergeCache(),
      };
    case "js-tiktoken": {
      const enc = getEncoding("r50k_base");
      return {
        version: version("js-tiktoken"),
        run(texts, row) {
          for (const t of texts) {
            const ids = enc.encode(t);
            if (row) row(ids.map((id) => id + 4));
          }
        },
        clearCaches: () => {}, // js-tiktoken keeps no cache between calls
      };
    }
    default:
      throw new Error(`unknown subject ${name}; use ours, hf-tokenizers, gpt-tokenizer or js-tiktoken`);
  }
}

const name = process.argv[2];
const passes = Number(process.argv[3] ?? 5);
const texts = sampleAnswers(1);
const s = await subject(name);

// Untimed pass: the digest and token count, and the JIT warmed up like the timed passes will find it.
let tokens = 0;
const digest = createHash("sha256");
s.run(texts, (ids) => {
  tokens += ids.length;
  digest.update(Int32Array.from(ids));
});
const time = (clear: boolean): number => {
  if (clear) s.clearCaches();
  const t0 = performance.now();
  s.run(texts, null);
  return performance.now() - t0;
};
const cold = Array.from({ length: passes }, () => time(true));
const warm = Array.from({ length: passes }, () => time(false));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ name, version: s.version, texts: texts.length, chars: texts.reduce((n, t) => n + t.length, 0), tokens, digest: digest.digest("hex").slice(0, 16), coldMs: median(cold), warmMs: median(warm), cold, warm }));
