// Worker side of worker-recipe.test.ts: rebuilds a tokenizer from its recipe the way the
// datasets map() workers do (import the module, call the dotted export with the args).
import { parentPort, workerData } from "node:worker_threads";

const { recipe, texts } = workerData;
const mod = await import(recipe.module);
let parent = mod;
let target = mod;
for (const part of recipe.export.split(".")) {
  parent = target;
  target = target[part];
}
const tok = await target.apply(parent, recipe.args);
parentPort.postMessage({ ids: tok(texts, { padding: true }).input_ids, padTokenId: tok.padTokenId, name: tok.nameOrPath });
