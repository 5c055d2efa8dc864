// The Hugging Face tutorial's steps as engine calls with its values: what the `py` export writes for a
// notebook that has never run (no recorded values), flagged as such in the script's header.
import type { SavedCall } from "./calls";

const TOKENIZE = `function preprocessFunction(examples) {
  return tokenizer(examples["answers.text"].map((x) => x.join(" ")));
}`;

const GROUP = `function groupTexts(examples) {
  const concatenated = {};
  for (const k of Object.keys(examples)) concatenated[k] = examples[k].flat();
  let totalLength = concatenated[Object.keys(examples)[0]].length;
  if (totalLength >= blockSize) totalLength = Math.floor(totalLength / blockSize) * blockSize;
  const result = {};
  for (const [k, t] of Object.entries(concatenated)) {
    result[k] = [];
    for (let i = 0; i < totalLength; i += blockSize) result[k].push(t.slice(i, i + blockSize));
  }
  return result;
}`;

const ELI5_FLAT_COLUMNS = ["q_id", "title", "selftext", "category", "subreddit", "answers.a_id", "answers.text", "answers.score", "answers.text_urls", "title_urls", "selftext_urls"];

export const TUTORIAL_CALLS: readonly SavedCall[] = [
  { api: "loadDataset", params: { path: "eli5_category", split: "train[:5000]" } },
  { api: "trainTestSplit", params: { testSize: 0.2, seed: 42 } },
  { api: "flatten", params: {} },
  { api: "AutoTokenizer.fromPretrained", params: { nameOrPath: "distilbert/distilroberta-base" } },
  { api: "map", params: { function: TOKENIZE, captured: {}, batched: true, numProc: 4, removeColumns: ELI5_FLAT_COLUMNS } },
  { api: "map", params: { function: GROUP, captured: { blockSize: 128 }, batched: true, numProc: 4, removeColumns: [] } },
  { api: "DataCollatorForLanguageModeling", params: { mlmProbability: 0.15 } },
  { api: "AutoModelForMaskedLM.fromPretrained", params: { repoOrFolder: "distilbert/distilroberta-base" } },
  {
    api: "Trainer.train",
    params: { args: { outputDir: "my_awesome_eli5_mlm_model", evalStrategy: "epoch", learningRate: 2e-5, numTrainEpochs: 3, weightDecay: 0.01, pushToHub: true } },
  },
  { api: "Trainer.evaluate", params: {} },
];
