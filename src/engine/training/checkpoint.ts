// checkpoint-N/ folders in HF's layout: the model (config.json + model.safetensors), the
// tokenizer when there is one, and our JSON/safetensors forms of what HF pickles:
// optimizer.safetensors (AdamW moments, torch's state names), scheduler.json, rng_state.json,
// trainer_state.json (HF's own format) and training_args.json.
import { existsSync } from "node:fs";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { readSafetensors, toFloat32, writeSafetensors, type TensorToWrite } from "../models/safetensors";
import { readJsonFile } from "../runtime/json-file";
import { makeFolder, WriteFailedError } from "../runtime/write-files";
import type { AdamW } from "./adamw";
import type { TrainingArguments } from "./arguments";
import type { SavableTokenizer, TrainableModel } from "./contracts";
import type { SchedulerState } from "./schedules";
import { TrainerState, type TrainerStateJSON } from "./state";

export const CHECKPOINT_PREFIX = "checkpoint";

export const FILES = {
  model: "model.safetensors",
  optimizer: "optimizer.safetensors",
  scheduler: "scheduler.json",
  rng: "rng_state.json",
  state: "trainer_state.json",
  args: "training_args.json",
} as const;

export interface RngState {
  /** The collator's random state (masking), when the collator exposes one. */
  collator: unknown;
}

export interface CheckpointParts {
  model: TrainableModel;
  tokenizer: SavableTokenizer | null;
  optimizer: AdamW;
  scheduler: SchedulerState;
  rng: RngState;
  state: TrainerState;
  args: TrainingArguments;
}

/** Writes checkpoint-N atomically (a temporary folder renamed at the end) and returns its path. */
export async function saveCheckpoint(outputDir: string, parts: CheckpointParts): Promise<string> {
  const name = `${CHECKPOINT_PREFIX}-${parts.state.globalStep}`;
  const final = join(outputDir, name);
  const tmp = join(outputDir, `tmp-${name}`);
  try {
    await rm(tmp, { recursive: true, force: true });
    await makeFolder(tmp);
    await parts.model.savePretrained(tmp);
    if (parts.tokenizer) await parts.tokenizer.savePretrained(tmp);
    const moments = await parts.optimizer.stateTensors();
    const tensors = new Map<string, TensorToWrite>([...moments].map(([k, v]) => [k, { dtype: "F32", shape: v.shape, data: v.data }]));
    await writeSafetensors(join(tmp, FILES.optimizer), tensors, { step: String(parts.optimizer.stepCount), format: "mlm-notebook.adamw" });
    await writeJson(join(tmp, FILES.scheduler), parts.scheduler);
    await writeJson(join(tmp, FILES.rng), parts.rng);
    await writeJson(join(tmp, FILES.state), parts.state.toJSON());
    await writeJson(join(tmp, FILES.args), parts.args.toJSON());
  } catch (e) {
    // Only the temporary folder goes: the checkpoints already written stay as they are.
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    const cause = e instanceof WriteFailedError ? (e.cause ?? e) : e;
    throw new WriteFailedError(final, "the checkpoint", cause, "Set TrainingArguments' outputDir to a folder you can write to, then resume from the last checkpoint.");
  }
  await rm(final, { recursive: true, force: true });
  await rename(tmp, final);
  return final;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function readJson<T>(dir: string, file: string): Promise<T> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${dir} is not a complete checkpoint: ${file} is missing. Pick another checkpoint-N folder, or start without resumeFromCheckpoint.`);
  return (await readJsonFile(path, `This checkpoint is damaged: resume from another checkpoint-N folder, or train without resumeFromCheckpoint.`)) as T;
}

export interface LoadedCheckpoint {
  state: TrainerState;
  scheduler: SchedulerState;
  rng: RngState;
}

/** Restores weights and optimizer moments in place, and returns the rest for the Trainer. */
export async function loadCheckpoint(dir: string, model: TrainableModel, optimizer: AdamW): Promise<LoadedCheckpoint> {
  const state = TrainerState.fromJSON(await readJson<TrainerStateJSON>(dir, FILES.state));
  const scheduler = await readJson<SchedulerState>(dir, FILES.scheduler);
  const rng = await readJson<RngState>(dir, FILES.rng);
  await loadWeights(join(dir, FILES.model), model);
  const opt = await readSafetensors(join(dir, FILES.optimizer));
  const moments = new Map([...opt.tensors].map(([k, e]) => [k, { shape: e.shape, data: toFloat32(e, k) }]));
  optimizer.loadState(Number(opt.metadata.step ?? state.globalStep), moments);
  return { state, scheduler, rng };
}

/** Assigns every parameter from a safetensors file by its HF name. */
export async function loadWeights(path: string, model: TrainableModel): Promise<void> {
  if (!existsSync(path)) throw new Error(`${path} is missing: the checkpoint has no model weights.`);
  const file = await readSafetensors(path);
  for (const [name, param] of model.namedParameters()) {
    const entry = file.tensors.get(name);
    if (!entry) throw new Error(`${path} has no tensor "${name}": the checkpoint was written for another model.`);
    if (entry.shape.join(",") !== param.shape.join(",")) throw new Error(`${path}: "${name}" is [${entry.shape}] but the model's parameter is [${param.shape}]: the checkpoint was written for another model.`);
    const value = tf.tensor(toFloat32(entry, name), entry.shape, "float32");
    param.assign(value);
    value.dispose();
  }
}

/** checkpoint-N folders under outputDir, oldest step first. */
export async function listCheckpoints(outputDir: string): Promise<{ step: number; path: string }[]> {
  if (!existsSync(outputDir)) return [];
  const names = await readdir(outputDir);
  return names
    .map((n) => ({ n, m: new RegExp(`^${CHECKPOINT_PREFIX}-(\\d+)$`).exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .map((x) => ({ step: Number(x.m[1]), path: join(outputDir, x.n) }))
    .sort((a, b) => a.step - b.step);
}

/** HF's get_last_checkpoint. */
export async function latestCheckpoint(outputDir: string): Promise<string | null> {
  return (await listCheckpoints(outputDir)).at(-1)?.path ?? null;
}

/** HF's _rotate_checkpoints: keep the newest `limit` checkpoints. */
export async function rotateCheckpoints(outputDir: string, limit: number | null): Promise<string[]> {
  if (limit === null) return [];
  const all = await listCheckpoints(outputDir);
  const remove = all.slice(0, Math.max(0, all.length - limit)).map((c) => c.path);
  for (const path of remove) await rm(path, { recursive: true, force: true });
  return remove;
}
