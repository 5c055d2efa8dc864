// The tutorial's steps as notebook cells, in TypeScript, with our own explanations between them.
// One list serves both shipped notebooks; `Variant` holds what differs (data, tokenizer, model, sizes).

export interface Variant {
  id: "hub" | "offline";
  title: string;
  description: string;
  intro: string;
  loadNote: string;
  dataset: string;
  split: string;
  tokenizer: string;
  numProc: number;
  modelNote: string;
  /** The cell code that defines `model` (imports included). */
  modelCode: string;
  /** Why the training arguments are what they are (appended to the trainer note). */
  argsNote: string;
  learningRate: string;
  numTrainEpochs: number;
  pushToHub: boolean;
  /** Evaluate the pretrained model before training, so the two perplexities can be compared. */
  evaluateBefore: boolean;
  /** The fill-mask cell's sentence, and why it is not the tutorial's when it is not. */
  fillMaskText: string;
  fillMaskNote: string;
  /** The model a learning-rate sweep makes for each trial (modelInit's body), or null for no sweep cell. */
  sweepModel: string | null;
}

export interface CellSpec {
  key: string;
  type: "markdown" | "code";
  source: string;
}

const md = (key: string, source: string): CellSpec => ({ key, type: "markdown", source: source.trim() });
const code = (key: string, source: string): CellSpec => ({ key, type: "code", source: source.trim() });

export function tutorialCells(v: Variant): CellSpec[] {
  return [
    md("intro", `# ${v.title}\n\n${v.intro}`),
    md("login-note", `## Log in\n\nThe Hub keeps datasets, tokenizers and models, and takes the model you train if you push it. \`notebookLogin()\` shows who you are signed in as and offers a token field; the token is stored where Hugging Face's own tools look for it, and never shown again in full.`),
    code("login", `import { notebookLogin } from "mlm-notebook";\n\nawait notebookLogin();`),
    md("load-note", `## Load the data\n\n${v.loadNote} \`trainTestSplit\` then holds a fifth of the rows back for evaluation, with a fixed seed so every run splits alike.`),
    code("load", `import { loadDataset } from "mlm-notebook";\n\nconst raw = await loadDataset(${JSON.stringify(v.dataset)}, { split: ${JSON.stringify(v.split)} });\nconst eli5 = raw.trainTestSplit({ testSize: 0.2, seed: 42 });\neli5`),
    md("flatten-note", `## Flatten\n\nOnly the answers' text matters for language modeling, and it sits inside the nested \`answers\` column. \`flatten()\` lifts each nested field into a column of its own: \`answers.text\` becomes a list of strings per row.`),
    code("flatten", `const flat = eli5.flatten();\nflat`),
    md("tokenize-note", `## Tokenize\n\nEach row's answers are joined into one string and turned into token ids. \`map\` runs the function over batches of rows, in ${v.numProc} worker threads, and drops the original columns so only \`input_ids\` and \`attention_mask\` remain. Many rows come out longer than the model's 512-token limit: the next step takes care of that.`),
    code("tokenize", `import { AutoTokenizer } from "mlm-notebook";\n\nconst tokenizer = await AutoTokenizer.fromPretrained(${JSON.stringify(v.tokenizer)});\n\nfunction preprocessFunction(examples: { "answers.text": string[][] }) {\n  return tokenizer(examples["answers.text"].map((x) => x.join(" ")));\n}\n\nconst tokenized = await flat.map(preprocessFunction, {\n  batched: true,\n  numProc: ${v.numProc},\n  removeColumns: flat.train.columnNames,\n});\ntokenized`),
    md("group-note", `## Group into blocks\n\nRather than cut each text at a limit, all the token ids of a batch are concatenated and then sliced into blocks of \`blockSize\` tokens; the short remainder at the end of each batch is dropped. Change \`blockSize\` and every cell that depends on it turns outdated.`),
    code("group", `const blockSize = 128;\n\nfunction groupTexts(examples: Record<string, number[][]>) {\n  // Concatenate all texts.\n  const concatenated: Record<string, number[]> = {};\n  for (const k of Object.keys(examples)) concatenated[k] = examples[k].flat();\n  let totalLength = concatenated[Object.keys(examples)[0]].length;\n  // Drop the small remainder; padding would do instead if the model supported it.\n  if (totalLength >= blockSize) totalLength = Math.floor(totalLength / blockSize) * blockSize;\n  // Split by chunks of blockSize.\n  const result: Record<string, number[][]> = {};\n  for (const [k, t] of Object.entries(concatenated)) {\n    result[k] = [];\n    for (let i = 0; i < totalLength; i += blockSize) result[k].push(t.slice(i, i + blockSize));\n  }\n  return result;\n}\n\nconst lmDataset = await tokenized.map(groupTexts, { batched: true, numProc: ${v.numProc} });\nlmDataset`),
    md("collate-note", `## Mask\n\nThe collator builds each training batch: it pads to the longest row (with the end-of-sequence token as padding, as the tutorial does), picks 15% of the ordinary tokens, and of those replaces 80% with \`<mask>\`, 10% with a random token and leaves 10% as they were. The labels keep the original ids at the picked positions only. Below, one batch with its masked positions marked.`),
    code("collate", `import { DataCollatorForLanguageModeling } from "mlm-notebook";\n\ntokenizer.padToken = tokenizer.eosToken;\nconst dataCollator = new DataCollatorForLanguageModeling({ tokenizer, mlmProbability: 0.15 });\ndataCollator.preview([0, 1, 2, 3].map((i) => lmDataset.train.row(i)))`),
    md("model-note", `## Load the model\n\n${v.modelNote}`),
    code("model", v.modelCode),
    md("trainer-note", `## Set up training\n\n\`TrainingArguments\` holds the hyperparameters with Hugging Face's names and defaults; the \`Trainer\` shuffles, batches, masks, steps AdamW with a linear schedule, clips gradients at 1.0 and evaluates after every epoch.${v.argsNote ? ` ${v.argsNote}` : ""}`),
    code("trainer", `import { Trainer, TrainingArguments } from "mlm-notebook";\n\nconst trainingArgs = new TrainingArguments({\n  outputDir: "my_awesome_eli5_mlm_model",\n  evalStrategy: "epoch",\n  learningRate: ${v.learningRate},\n  numTrainEpochs: ${v.numTrainEpochs},\n  weightDecay: 0.01,\n  pushToHub: ${v.pushToHub},\n});\n\nconst trainer = new Trainer({\n  model,\n  args: trainingArgs,\n  trainDataset: lmDataset.train,\n  evalDataset: lmDataset.test,\n  dataCollator,\n});`),
    ...(v.evaluateBefore
      ? [
          md("evaluate-before-note", `## Perplexity before fine-tuning\n\nThe pretrained model has never seen these texts. Its perplexity on the held-out blocks now is the number fine-tuning should bring down.`),
          code("evaluate-before", `const before = await trainer.evaluate();\nconsole.log(\`Perplexity before fine-tuning: \${Math.exp(before.eval_loss).toFixed(2)}\`);\nbefore`),
        ]
      : []),
    md("train-note", `## Fine-tune\n\n\`trainer.train()\` runs the epochs. The chart fills in as it runs; Interrupt stops after the current step.`),
    code("train", `await trainer.train();`),
    md("evaluate-note", `## Evaluate\n\nPerplexity is the exponential of the mean cross-entropy on the held-out blocks: roughly, how many tokens the model is still choosing between at each masked position. Lower is better.${v.evaluateBefore ? " The view shows it beside the perplexity before fine-tuning." : ""}`),
    code("evaluate", `const evalResults = await trainer.evaluate();\nconsole.log(\`Perplexity: \${Math.exp(evalResults.eval_loss).toFixed(2)}\`);\nevalResults`),
    md("fill-mask-note", `## Fill the mask\n\nThe trained model at work: it ranks the tokens that could stand where \`<mask>\` is.${v.fillMaskNote ? ` ${v.fillMaskNote}` : ""}`),
    code("fill-mask", `import { pipeline } from "mlm-notebook";\n\nconst maskFiller = await pipeline("fill-mask", model, { tokenizer });\nawait maskFiller(${JSON.stringify(v.fillMaskText)}, { topK: 3 })`),
    ...(v.sweepModel ? [md("sweep-note", sweepNote(v.sweepModel))] : []),
  ];
}

/**
 * A markdown cell, not a code cell: a sweep fine-tunes the model three more times, and Run All should
 * stay the tutorial's length. A person copies the code into a new cell to run it.
 */
function sweepNote(model: string): string {
  const sweep = `import { AutoModelForMaskedLM, Trainer } from "mlm-notebook";

const sweep = new Trainer({
  modelInit: () => ${model},
  args: trainingArgs,
  trainDataset: lmDataset.train,
  evalDataset: lmDataset.test,
  dataCollator,
});
const bestRun = await sweep.hyperparameterSearch({
  hpSpace: { learningRate: [3e-5, 1e-4, 3e-4] },
  backend: "grid",
  direction: "minimize",
});
bestRun`;
  return `## Try other learning rates\n\nWhich learning rate is best is an experiment, not a given. Every \`trainer.train()\` is kept in the notebook's runs table under the training chart, with its arguments, what it depended on (block size, masking probability, model, dataset size) and its curves, so runs with different settings can be laid over each other. \`hyperparameterSearch\` runs such a comparison for you, as transformers' \`hyperparameter_search\` does: one trial per learning rate, each starting from a fresh copy of the pretrained model, and it returns the trial with the lowest evaluation loss. Copy the code into a new code cell to run it; it fine-tunes three times, so it takes about three times as long as the training above. Interrupt stops it after the current step and keeps the trials that finished.\n\n\`\`\`ts\n${sweep}\n\`\`\`\n\nExported to Python, it becomes \`trainer.hyperparameter_search(..., backend="optuna")\` over the same values.`;
}

export const VARIANTS: Variant[] = [
  {
    id: "offline",
    title: "Masked LM tutorial (offline)",
    description: "The tutorial's steps with no network: the bundled sample, roberta-base's tokenizer and a small pretrained RoBERTa, fine-tuned in a few minutes on a laptop CPU.",
    intro: "Masked language modeling hides some tokens of a text and trains a model to guess them from the words on both sides. This notebook follows Hugging Face's masked language modeling tutorial step by step, with no network: the data is a bundled sample with the ELI5 dataset's exact columns (its texts come from the Python documentation), the tokenizer is roberta-base's own, and the model is a small RoBERTa that ships with the app, pretrained on other software documentation (never on these texts). As in the tutorial, fine-tuning on the new texts lowers its perplexity on them.",
    loadNote: "The tutorial takes the first 5,000 rows of `eli5_category`; here `eli5_sample` has the same columns and nested answers, and the first 500 rows keep fine-tuning to a few minutes on a laptop CPU.",
    dataset: "eli5_sample",
    split: "train[:500]",
    tokenizer: "roberta-base-tokenizer",
    numProc: 2,
    modelNote: "The tutorial starts from DistilRoBERTa, pretrained on a large English corpus. Offline, the app bundles `roberta-small-docs`: a RoBERTa with 4 layers and hidden size 256 (DistilRoBERTa has 6 and 768), pretrained by this app's own engine on about 12 million tokens of permissively licensed software documentation, 1.6 passes in about 1¾ hours on a 2-core CPU (its model card, \`resources/models/roberta-small-docs/README.md\`, says which and how). It shares roberta-base's tokenizer and ids, so it loads like any Hub checkpoint; the tokenizer cell could equally load it by the model's name.",
    modelCode: `import { AutoModelForMaskedLM } from "mlm-notebook";\n\nconst model = await AutoModelForMaskedLM.fromPretrained("roberta-small-docs");`,
    argsNote: "The tutorial's values, except the learning rate: a model this small, with few steps to go, needs a larger one than DistilRoBERTa's 2e-5 to move in three epochs.",
    learningRate: "1e-4",
    numTrainEpochs: 3,
    pushToHub: false,
    evaluateBefore: true,
    fillMaskText: "This function returns a <mask> of strings.",
    fillMaskNote: "The tutorial asks about the Milky Way; this model has only ever read software documentation, so the sentence here is one from its world.",
    sweepModel: `AutoModelForMaskedLM.fromPretrained("roberta-small-docs")`,
  },
  {
    id: "hub",
    title: "Masked LM tutorial (Hub)",
    description: "The tutorial as published: eli5_category and DistilRoBERTa from the Hugging Face Hub, fine-tuned for 3 epochs and pushed back to the Hub.",
    intro: "Masked language modeling hides some tokens of a text and trains a model to guess them from the words on both sides. This notebook follows Hugging Face's masked language modeling tutorial step by step: it fine-tunes DistilRoBERTa on answers from the ELI5 dataset, both fetched from the Hugging Face Hub, then measures perplexity and pushes the model to your account.",
    loadNote: "The first 5,000 rows of the `train` split of `eli5_category` come from the Hub (and from the local Hugging Face cache on later runs).",
    dataset: "eli5_category",
    split: "train[:5000]",
    tokenizer: "distilbert/distilroberta-base",
    numProc: 4,
    modelNote: "The model is DistilRoBERTa, pretrained: fine-tuning only nudges it towards the new texts, hence the small learning rate.",
    modelCode: `import { AutoModelForMaskedLM } from "mlm-notebook";\n\nconst model = await AutoModelForMaskedLM.fromPretrained("distilbert/distilroberta-base");`,
    argsNote: "",
    learningRate: "2e-5",
    numTrainEpochs: 3,
    pushToHub: true,
    evaluateBefore: false,
    fillMaskText: "The Milky Way is a <mask> galaxy.",
    fillMaskNote: "",
    sweepModel: null,
  },
];
