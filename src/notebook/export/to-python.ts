// The `py` export: the run as a script for Hugging Face `datasets` + `transformers`, in the tutorial's
// words, with the parameters each engine call recorded when it ran (see calls.ts).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { NotebookDoc } from "../../api/index";
import { bundledDataset, bundledModel, bundledTokenizer } from "./bundled-paths";
import { type SavedCall, savedCalls } from "./calls";
import { CONFIG_BOOKKEEPING, HF_TRAINING_DEFAULTS, NOT_HF_ARGUMENTS } from "./hf-defaults";
import { hyperparameterSearchPython } from "./hp-search-python";
import { mapShape } from "./map-shapes";
import { pyComment, pyLiteral, snakeCase } from "./python-literal";
import { callsFromSources } from "./source-calls";

/** A cell the script could not express, and why (listed in the header). */
interface Untranslated {
  cell: number;
  why: string;
  source: string;
}

/** What the script has defined so far, so later steps refer to the right names. */
interface ScriptState {
  dataset: string | null;
  split: boolean;
  tokenizer: boolean;
  collator: boolean;
  model: boolean;
  /** The Python expression that made the model, for a sweep's model_init. */
  modelExpr: string | null;
  trainer: boolean;
  /** A Trainer recorded before any model (made by modelInit): written once the model is known. */
  pendingTrainer: Record<string, unknown> | null;
  /** trainer.train() has been written: an evaluation before it is the pretrained model's. */
  trained: boolean;
  evalResults: boolean;
  maskFiller: boolean;
  tokenizeMaps: number;
  groupMaps: number;
  imports: Set<string>;
}

export function toPython(doc: NotebookDoc, neverRan: boolean): string {
  const st: ScriptState = { dataset: null, split: false, tokenizer: false, collator: false, model: false, modelExpr: null, trainer: false, pendingTrainer: null, trained: false, evalResults: false, maskFiller: false, tokenizeMaps: 0, groupMaps: 0, imports: new Set() };
  const body: string[] = [];
  const untranslated: Untranslated[] = [];
  if (neverRan) {
    body.push(...callsFromSources(doc).flatMap((c) => translate(c, st)));
  } else {
    doc.cells.forEach((cell, i) => {
      if (cell.type !== "code" || !cell.source.trim()) return;
      const calls = savedCalls(cell);
      if (calls === null) {
        untranslated.push({ cell: i + 1, why: "not run, so nothing was recorded", source: cell.source });
        return;
      }
      const lines: string[] = [];
      let recognised = 0;
      for (const call of distinct(calls)) {
        if (call.api === "map" && mapShape(String(call.params.function ?? ""), (call.params.captured ?? {}) as Record<string, unknown>).kind === "other") {
          if (!untranslated.some((u) => u.cell === i + 1)) untranslated.push({ cell: i + 1, why: "its map function is not the tutorial's tokenize or group-into-blocks shape", source: cell.source });
          continue;
        }
        const out = translate(call, st);
        if (out.length || call.api === "TrainingArguments") recognised++; // the arguments are written with the Trainer
        lines.push(...out);
      }
      if (cell.outputs.some((o) => o.output_type === "error")) {
        untranslated.push({ cell: i + 1, why: "it ended with an error: only the calls it made before the error are in the script", source: cell.source });
      } else if (recognised === 0 && !untranslated.some((u) => u.cell === i + 1)) {
        untranslated.push({ cell: i + 1, why: "it made no engine call that has a Python equivalent", source: cell.source });
      }
      if (lines.length) body.push(`# ---- cell ${i + 1}`, ...lines, "", "");
    });
  }
  body.push(...finish(st));
  return [header(doc, untranslated, neverRan), imports(st), "", "", ...body].join("\n").trimEnd() + "\n";
}

/**
 * A DatasetDict's flatten/map runs once per split, and each split records the same call: the Python
 * DatasetDict does it in one, so consecutive identical calls are one step.
 */
function distinct(calls: SavedCall[]): SavedCall[] {
  return calls.filter((c, i) => i === 0 || c.api !== calls[i - 1].api || JSON.stringify(c.params) !== JSON.stringify(calls[i - 1].params));
}

function header(doc: NotebookDoc, untranslated: Untranslated[], neverRan: boolean): string {
  const lines = [
    `${doc.title}: exported from MLM Notebook as a script for Hugging Face datasets + transformers.`,
    "",
    "Needs: pip install 'transformers[torch]' datasets accelerate",
    "One GPU:            CUDA_VISIBLE_DEVICES=0 python3 this_script.py",
    "Many GPUs/machines: accelerate config   (once), then   accelerate launch this_script.py",
    "  (per_device_train_batch_size is per GPU: the global batch grows with the number of GPUs.)",
  ];
  if (!neverRan) lines.push("Values are those the notebook's run used, as the engine recorded them.");
  if (neverRan) {
    lines.push("", "WARNING: this notebook has never run, so no values were recorded: this script's values are read", "from the cells' sources (literal values only). Run the notebook, then export again.");
  }
  if (untranslated.length) {
    lines.push("", "Cells with no Python equivalent, or not all of one (their TypeScript follows):");
    for (const u of untranslated) lines.push(`  cell ${u.cell}: ${u.why}`, ...u.source.split("\n").map((l) => `    | ${l}`));
  }
  return pyComment(lines.join("\n"));
}

function imports(st: ScriptState): string {
  const std = ["json", "math", "optuna", "os"].filter((m) => st.imports.has(m)).map((m) => `import ${m}`);
  const ds = ["Features", "load_dataset"].filter((n) => st.imports.has(n));
  const tf = ["AutoModelForMaskedLM", "AutoTokenizer", "DataCollatorForLanguageModeling", "RobertaConfig", "RobertaForMaskedLM", "Trainer", "TrainingArguments", "pipeline", "set_seed"].filter((n) => st.imports.has(n));
  return [...std, ...(ds.length ? [`from datasets import ${ds.join(", ")}`] : []), ...(tf.length ? [`from transformers import ${tf.join(", ")}`] : [])].join("\n");
}

function use(st: ScriptState, ...names: string[]): void {
  for (const n of names) st.imports.add(n);
}

/** Keyword arguments, skipping those left at null. */
function kwargs(pairs: [string, unknown][]): string {
  return pairs.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}=${pyLiteral(v)}`).join(", ");
}

/** Positional arguments (already Python), then keyword arguments. */
function args(positional: string[], named: [string, unknown][]): string {
  return [...positional, kwargs(named)].filter(Boolean).join(", ");
}

function translate(call: SavedCall, st: ScriptState): string[] {
  const p = call.params;
  switch (call.api) {
    case "notebookLogin":
    case "login":
      return ["# Log in to the Hub once on this machine (`huggingface-cli login`) or set HF_TOKEN; the token is never written here."];
    case "loadDataset":
      return loadDataset(p, st);
    case "trainTestSplit":
      if (!st.dataset) return [];
      st.split = true;
      return [`${st.dataset} = ${st.dataset}.train_test_split(${kwargs([["test_size", p.testSize], ["train_size", p.trainSize], ["shuffle", p.shuffle === false ? false : null], ["seed", p.seed]])})`];
    case "shuffle":
      return st.dataset ? [`${st.dataset} = ${st.dataset}.shuffle(${kwargs([["seed", p.seed]])})`] : [];
    case "flatten":
      return st.dataset ? [`${st.dataset} = ${st.dataset}.flatten()`] : [];
    case "AutoTokenizer.fromPretrained": {
      use(st, "AutoTokenizer");
      st.tokenizer = true;
      const { nameOrPath, ...overrides } = p; // special-token overrides, e.g. padToken → pad_token
      const local = bundledTokenizer(String(nameOrPath));
      const named = Object.entries(overrides).map(([k, v]): [string, unknown] => [snakeCase(k), v]);
      return [...(local ? [`# The app's bundled tokenizer "${String(nameOrPath)}".`] : []), `tokenizer = AutoTokenizer.from_pretrained(${args([pyLiteral(local ?? nameOrPath)], named)})`];
    }
    case "map":
      return map(p, st);
    case "DataCollatorForLanguageModeling":
      use(st, "DataCollatorForLanguageModeling");
      st.collator = true;
      return [
        "tokenizer.pad_token = tokenizer.eos_token",
        `data_collator = DataCollatorForLanguageModeling(${["tokenizer=tokenizer", kwargs([["mlm", p.mlm === false ? false : null], ["mlm_probability", p.mlmProbability], ["pad_to_multiple_of", p.padToMultipleOf ?? null]])].filter(Boolean).join(", ")})`,
      ];
    case "AutoModelForMaskedLM.fromPretrained": {
      use(st, "AutoModelForMaskedLM");
      st.model = true;
      const local = bundledModel(String(p.repoOrFolder));
      st.modelExpr = `AutoModelForMaskedLM.from_pretrained(${args([pyLiteral(local ?? p.repoOrFolder)], [["revision", p.revision]])})`;
      return [...(local ? [`# The app's bundled model "${String(p.repoOrFolder)}".`] : []), `model = ${st.modelExpr}`];
    }
    case "RobertaForMaskedLM.fromConfig": {
      use(st, "RobertaConfig", "RobertaForMaskedLM", "set_seed");
      st.model = true;
      const config = Object.entries((p.config ?? {}) as Record<string, unknown>).filter(([k]) => !CONFIG_BOOKKEEPING.has(k));
      return [
        "# A model built from a config and trained from scratch (PyTorch's random initial weights differ from the engine's).",
        `set_seed(${pyLiteral(p.seed ?? 42)})`,
        `config = RobertaConfig(${kwargs(config)})`,
        `model = ${(st.modelExpr = "RobertaForMaskedLM(config)")}`,
      ];
    }
    case "TrainingArguments":
      return []; // written with the Trainer, from the arguments training actually used
    case "Trainer":
      if (st.model) return createTrainer(p, st);
      st.pendingTrainer = p;
      return [];
    case "Trainer.hyperparameterSearch": {
      const lines = !st.trainer && st.pendingTrainer && st.model ? [...createTrainer(st.pendingTrainer, st), "", ""] : [];
      if (!st.trainer || !st.modelExpr) return lines;
      use(st, "optuna");
      return [...lines, ...hyperparameterSearchPython(p, st.modelExpr)];
    }
    case "Trainer.train":
      return train(p, st);
    case "Trainer.evaluate":
      if (!st.trainer) return [];
      use(st, "math");
      if (!st.trained) return ["eval_before = trainer.evaluate()", `print(f"Perplexity before fine-tuning: {math.exp(eval_before['eval_loss']):.2f}")`];
      st.evalResults = true;
      return ["eval_results = trainer.evaluate()", `print(f"Perplexity: {math.exp(eval_results['eval_loss']):.2f}")`];
    case "Trainer.pushToHub":
      return st.trainer ? ["trainer.push_to_hub()"] : [];
    case "pipeline":
      use(st, "pipeline");
      st.maskFiller = true;
      return [`mask_filler = pipeline("fill-mask", ${typeof p.model === "string" ? `model=${pyLiteral(p.model)}` : `model=model${st.tokenizer ? ", tokenizer=tokenizer" : ""}`})`];
    case "fillMask":
      return st.maskFiller ? [`print(mask_filler(${args([pyLiteral(p.text)], [["top_k", p.topK]])}))`] : [];
    default:
      return [];
  }
}

function loadDataset(p: Record<string, unknown>, st: ScriptState): string[] {
  use(st, "load_dataset");
  st.dataset = "eli5";
  st.split = false;
  const name = String(p.path);
  const folder = bundledDataset(name);
  if (folder) {
    use(st, "Features", "json");
    const dataFiles = readdirSync(folder).filter((f) => f !== "dataset_info.json" && /\.jsonl?(\.gz)?$/.test(f)).sort().map((f) => join(folder, f));
    return [
      `# The app's bundled "${name}": its JSON lines file, with the column types from its dataset_info.json.`,
      `with open(${pyLiteral(`${folder}/dataset_info.json`)}) as f:`,
      `    features = Features.from_dict(json.load(f)["features"])`,
      `eli5 = load_dataset("json", ${kwargs([["data_files", dataFiles.length === 1 ? dataFiles[0] : dataFiles], ["split", p.split]])}, features=features)`,
    ];
  }
  return [`eli5 = load_dataset(${args([pyLiteral(name), ...(p.name ? [pyLiteral(p.name)] : [])], [["data_files", p.dataFiles], ["split", p.split], ["revision", p.revision]])})`];
}

function map(p: Record<string, unknown>, st: ScriptState): string[] {
  if (!st.dataset) return [];
  const shape = mapShape(String(p.function ?? ""), (p.captured ?? {}) as Record<string, unknown>);
  const options = kwargs([["batched", p.batched === true ? true : null], ["batch_size", p.batchSize !== 1000 && p.batched ? p.batchSize : null], ["num_proc", p.numProc !== 1 ? p.numProc : null], ["remove_columns", Array.isArray(p.removeColumns) && p.removeColumns.length ? p.removeColumns : null]]);
  const input = st.dataset;
  // Read from a source that removes every input column by expression (not run, so not listed by name): the tutorial's spelling.
  const removeAll = p.removeColumns === "all" ? `remove_columns=${input}${st.split ? '["train"]' : ""}.column_names` : "";
  if (shape.kind === "tokenize") {
    const fn = st.tokenizeMaps++ ? `preprocess_function_${st.tokenizeMaps}` : "preprocess_function";
    st.dataset = st.tokenizeMaps > 1 ? `tokenized_eli5_${st.tokenizeMaps}` : "tokenized_eli5";
    const texts = shape.join === null ? `examples[${pyLiteral(shape.column)}]` : `[${pyLiteral(shape.join)}.join(x) for x in examples[${pyLiteral(shape.column)}]]`;
    return ["", "", `def ${fn}(examples):`, `    return tokenizer(${texts})`, "", "", `${st.dataset} = ${input}.map(${[fn, options, removeAll].filter(Boolean).join(", ")})`];
  }
  if (shape.kind === "group") {
    const fn = st.groupMaps++ ? `group_texts_${st.groupMaps}` : "group_texts";
    st.dataset = st.groupMaps > 1 ? `lm_dataset_${st.groupMaps}` : "lm_dataset";
    return [
      `block_size = ${shape.blockSize}  # ${shape.blockSizeName} in the notebook`,
      "",
      "",
      `def ${fn}(examples):`,
      "    # Concatenate all texts.",
      "    concatenated_examples = {k: sum(examples[k], []) for k in examples.keys()}",
      "    total_length = len(concatenated_examples[list(examples.keys())[0]])",
      "    # Drop the small remainder (padding would do instead if the model supported it).",
      "    if total_length >= block_size:",
      "        total_length = (total_length // block_size) * block_size",
      "    # Split by chunks of block_size.",
      "    return {",
      "        k: [t[i : i + block_size] for i in range(0, total_length, block_size)]",
      "        for k, t in concatenated_examples.items()",
      "    }",
      "",
      "",
      `${st.dataset} = ${input}.map(${[fn, options, removeAll].filter(Boolean).join(", ")})`,
    ];
  }
  return [];
}

/** `trainer.train()`, after the Trainer's construction (recorded on its own since the Trainer records it; older notebooks recorded only the train call). */
function train(p: Record<string, unknown>, st: ScriptState): string[] {
  if (!st.model) return [];
  const resume = p.resumeFromCheckpoint;
  const call = `trainer.train(${resume !== null && resume !== undefined && resume !== false ? `resume_from_checkpoint=${pyLiteral(resume)}` : ""})`;
  st.trained = true;
  return st.trainer ? [call] : [...createTrainer(p, st), "", call];
}

/** TrainingArguments and the Trainer, from the arguments recorded when it was made. */
function createTrainer(p: Record<string, unknown>, st: ScriptState): string[] {
  use(st, "Trainer", "TrainingArguments");
  const args = (p.args ?? {}) as Record<string, unknown>;
  // What the notebook set is written even when it equals transformers' default, so the script reads
  // line by line like the notebook (notebooks saved before `given` was recorded: none).
  const given = new Set(Array.isArray(p.given) ? p.given : []);
  const fields: [string, unknown][] = [];
  const lines: string[] = [];
  for (const [camel, value] of Object.entries(args)) {
    const key = snakeCase(camel);
    if (NOT_HF_ARGUMENTS.has(key)) continue;
    const differs = key in HF_TRAINING_DEFAULTS ? value !== HF_TRAINING_DEFAULTS[key] : value !== null;
    if (key === "output_dir" || given.has(camel) || differs) fields.push([key, value]);
  }
  if (typeof args.hubUrl === "string" && args.hubUrl) {
    use(st, "os");
    lines.push(`os.environ.setdefault("HF_ENDPOINT", ${pyLiteral(args.hubUrl)})  # the Hub the run pushed to`);
  }
  const ds = st.dataset ?? "lm_dataset";
  const datasets = st.split ? `train_dataset=${ds}["train"],\n    eval_dataset=${ds}["test"],` : `train_dataset=${ds},`;
  st.trainer = true;
  return [
    ...lines,
    "# For a quick try, max_steps=N stops training after N steps (the default, -1, runs num_train_epochs).",
    "training_args = TrainingArguments(",
    ...fields.map(([k, v]) => `    ${k}=${pyLiteral(v)},`),
    ")",
    "",
    "trainer = Trainer(",
    "    model=model,",
    "    args=training_args,",
    `    ${datasets}`,
    ...(st.collator ? ["    data_collator=data_collator,"] : []),
    ")",
  ];
}

/** As the TypeScript export does: the model and the metrics end up in the output folder. */
function finish(st: ScriptState): string[] {
  if (!st.trainer) return [];
  return [
    "# ---- the model and metrics, saved in the output folder",
    "trainer.save_model()",
    ...(st.tokenizer ? ["tokenizer.save_pretrained(training_args.output_dir)"] : []),
    ...(st.evalResults ? ['trainer.save_metrics("eval", eval_results)'] : []),
  ];
}
