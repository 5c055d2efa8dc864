// The README.md model card pushed with a trained model, shaped like the one HF's Trainer
// writes: YAML front matter, the eval result, hyperparameters and the training results table.
import * as tf from "@tensorflow/tfjs";
import type { TrainingArguments } from "./arguments";
import type { LogEntry } from "./state";

export interface ModelCardInput {
  modelName: string;
  args: TrainingArguments;
  logHistory: LogEntry[];
  baseModel?: string;
}

export function modelCard({ modelName, args, logHistory, baseModel }: ModelCardInput): string {
  const evals = logHistory.filter((e) => "eval_loss" in e);
  const lastEval = evals.at(-1);
  const front = ["---", "library_name: mlm-notebook", ...(baseModel ? [`base_model: ${baseModel}`] : []), "tags:", "- generated_from_trainer", "- fill-mask", "model-index:", `- name: ${modelName}`, "  results: []", "---"];
  const origin = baseModel ? `This model is a fine-tuned version of [${baseModel}](https://huggingface.co/${baseModel})` : "This model was trained from scratch";
  const results = lastEval ? `It achieves the following results on the evaluation set:\n- Loss: ${lastEval.eval_loss.toFixed(4)}\n- Perplexity: ${Math.exp(lastEval.eval_loss).toFixed(2)}\n` : "";
  const hyper = [
    `- learning_rate: ${args.learningRate}`,
    `- train_batch_size: ${args.perDeviceTrainBatchSize}`,
    `- eval_batch_size: ${args.perDeviceEvalBatchSize}`,
    `- seed: ${args.seed}`,
    ...(args.gradientAccumulationSteps > 1 ? [`- gradient_accumulation_steps: ${args.gradientAccumulationSteps}`, `- total_train_batch_size: ${args.perDeviceTrainBatchSize * args.gradientAccumulationSteps}`] : []),
    `- optimizer: AdamW with betas=(${args.adamBeta1},${args.adamBeta2}) and epsilon=${args.adamEpsilon}, weight_decay=${args.weightDecay}`,
    `- lr_scheduler_type: ${args.lrSchedulerType}`,
    ...(args.warmupSteps > 0 ? [`- lr_scheduler_warmup_steps: ${args.warmupSteps}`] : args.warmupRatio > 0 ? [`- lr_scheduler_warmup_ratio: ${args.warmupRatio}`] : []),
    args.maxSteps > 0 ? `- training_steps: ${args.maxSteps}` : `- num_epochs: ${args.numTrainEpochs}`,
  ];
  const rows = evals.map((e) => {
    const train = [...logHistory].reverse().find((l) => "loss" in l && l.step <= e.step);
    return `| ${train ? train.loss.toFixed(4) : "No log"} | ${e.epoch.toFixed(4)} | ${e.step} | ${e.eval_loss.toFixed(4)} |`;
  });
  const table = rows.length ? ["### Training results", "", "| Training Loss | Epoch | Step | Validation Loss |", "|:-------------:|:-----:|:----:|:---------------:|", ...rows, ""] : [];
  return [
    ...front,
    "",
    `# ${modelName}`,
    "",
    `${origin} with a masked-language-modeling objective, in MLM Notebook (TensorFlow.js).`,
    results,
    "## Training procedure",
    "",
    "### Training hyperparameters",
    "",
    "The following hyperparameters were used during training:",
    ...hyper,
    "",
    ...table,
    "### Framework versions",
    "",
    `- TensorFlow.js ${tf.version.tfjs}`,
    "",
  ].join("\n");
}
