import { Tokenizer } from "@huggingface/tokenizers";
import { readFileSync } from "node:fs";
const d = "resources/tokenizers/roberta-base-bpe/";
const t = new Tokenizer(JSON.parse(readFileSync(d+"tokenizer.json","utf8")), JSON.parse(readFileSync(d+"tokenizer_config.json","utf8")));
for (const s of ["Hello world! It's 2024.", "a <mask> b", "a<mask>b", "", "  lots   of\tspace\n\n", "x\u0085y", " \u0085!", "😀 日本語 café"]) {
  const e = t.encode(s); console.log(JSON.stringify(s), e.ids, e.tokens, JSON.stringify(t.decode(e.ids, {skip_special_tokens:true})));
}
console.log(t.encode("a b", {text_pair: "c d"}).ids);
