// The Hub token, kept where huggingface_hub keeps it ($HF_HOME/token, mode 0600) so a token
// saved by `huggingface-cli login` works here and the other way round. Never logged.
import { chmod, rm, writeFile } from "node:fs/promises";
import { makeFolder } from "../runtime/write-files";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { tokenPath } from "./paths";

/** HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN), else the token file; null when neither is set. */
export function getToken(): string | null {
  const fromEnv = process.env.HF_TOKEN || process.env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv) return fromEnv.trim();
  try {
    const stored = readFileSync(tokenPath(), "utf8").trim();
    return stored === "" ? null : stored;
  } catch {
    return null;
  }
}

export async function saveToken(token: string): Promise<string> {
  const path = tokenPath();
  await makeFolder(dirname(path));
  await writeFile(path, token, { mode: 0o600 });
  // writeFile's mode only applies when it creates the file; an existing one keeps its mode.
  await chmod(path, 0o600);
  return path;
}

export async function deleteToken(): Promise<void> {
  await rm(tokenPath(), { force: true });
}

/** The client library rejects tokens without this prefix; say so before any request. */
export function checkTokenFormat(token: string): void {
  if (!token.startsWith("hf_")) {
    throw new TypeError('A Hugging Face token starts with "hf_". Copy a token from https://huggingface.co/settings/tokens and pass it as login({ token }).');
  }
}
