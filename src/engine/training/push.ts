// Trainer.push_to_hub: create the repo if needed, then commit the saved model, tokenizer files,
// training arguments and a model card from outputDir, through @huggingface/hub.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { createRepo, HubApiError, uploadFiles } from "@huggingface/hub";
import { getToken, whoAmI } from "../hub/index";
import { defaultHubUrl } from "../hub/paths";
import type { TrainingArguments } from "./arguments";
import { modelCard } from "./model-card";
import type { LogEntry } from "./state";

export interface PushResult {
  repoId: string;
  repoUrl: string;
  commitUrl: string | null;
  files: string[];
}

export interface PushOptions {
  args: TrainingArguments;
  logHistory: LogEntry[];
  commitMessage: string;
}

export async function pushTrainerToHub(options: PushOptions): Promise<PushResult> {
  const { args } = options;
  const hubUrl = args.hubUrl ?? defaultHubUrl();
  const token = args.hubToken ?? getToken();
  if (!token) throw new Error("pushToHub needs a Hub token: run `await login({ token })` first (a token with write access), or set hubToken in TrainingArguments.");
  // HF: hub_model_id, else the output folder's name, under the token owner's namespace.
  let repoId = args.hubModelId ?? basename(resolve(args.outputDir));
  if (!repoId.includes("/")) repoId = `${(await whoAmI({ hubUrl, token })).name}/${repoId}`;
  const repo = { type: "model" as const, name: repoId };
  let repoUrl = `${hubUrl}/${repoId}`;
  try {
    repoUrl = (await createRepo({ repo, accessToken: token, hubUrl, private: args.hubPrivateRepo })).repoUrl;
  } catch (error) {
    // 409: the repo exists already; HF's create_repo(exist_ok=True) goes on to commit.
    if (!(error instanceof HubApiError && error.statusCode === 409)) throw explain(error, repoId);
  }
  const repoName = repoId.split("/")[1];
  await writeFile(join(args.outputDir, "README.md"), modelCard({ modelName: repoName, args, logHistory: options.logHistory }));
  await writeFile(join(args.outputDir, "training_args.json"), `${JSON.stringify(args.toJSON(), null, 2)}\n`);
  const names = await pushableFiles(args.outputDir);
  const files = await Promise.all(names.map(async (path) => ({ path, content: new Blob([await readFile(join(args.outputDir, path))]) })));
  let commitUrl: string | null = null;
  try {
    const out = await uploadFiles({ repo, files, accessToken: token, hubUrl, commitTitle: options.commitMessage, useXet: false });
    commitUrl = out?.commit.url ?? null;
  } catch (error) {
    throw explain(error, repoId);
  }
  return { repoId, repoUrl, commitUrl, files: names };
}

/** Top-level files of outputDir; HF's push ignores checkpoint-* folders and "_"-prefixed files. */
async function pushableFiles(outputDir: string): Promise<string[]> {
  const entries = await readdir(outputDir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && !e.name.startsWith("_") && !e.name.startsWith(".")).map((e) => e.name).sort();
}

function explain(error: unknown, repoId: string): Error {
  if (error instanceof HubApiError && (error.statusCode === 401 || error.statusCode === 403)) {
    return new Error(`pushToHub: the Hub refused to write to ${repoId} (${error.statusCode}). Use a token with write access (login({ token })), or set hubModelId to a repo under your own name or an org you can write to.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
