// A real BPE tokenizer (gpt-tokenizer's GPT-2 encoding) wrapped the way the engine's tokenizer
// is: callable on a list of texts, and rebuildable in a map worker through WORKER_TRANSFERABLE.
import { encode } from "gpt-tokenizer/encoding/r50k_base";
import { WORKER_TRANSFERABLE, type WorkerRecipe } from "../../src/engine/datasets/capture";

export interface Gpt2Tokenizer {
  (texts: string[]): { input_ids: number[][]; attention_mask: number[][] };
  [WORKER_TRANSFERABLE](): WorkerRecipe;
}

export function gpt2Tokenizer(): Gpt2Tokenizer {
  const tok = ((texts: string[]) => {
    const input_ids = texts.map((t) => encode(t));
    return { input_ids, attention_mask: input_ids.map((ids) => ids.map(() => 1)) };
  }) as Gpt2Tokenizer;
  tok[WORKER_TRANSFERABLE] = () => ({ module: new URL(import.meta.url).pathname, export: "gpt2Tokenizer", args: [] });
  return tok;
}
