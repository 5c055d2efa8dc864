// JSON files a person can break by hand or by a crash mid-write (config.json, trainer_state.json,
// dataset_info.json…): a parse error names the file, the line and column, and how to repair it,
// where JSON.parse alone says only "Unexpected token".
import { readFile } from "node:fs/promises";

export class JsonFileError extends Error {
  constructor(readonly path: string, detail: string, repair: string) {
    super(`${path} is not valid JSON (${detail}). ${repair}`);
    this.name = "JsonFileError";
  }
}

/** `text`, parsed; a JsonFileError naming `path` and the place of the fault if it is not JSON. */
export function parseJsonText(text: string, path: string, repair: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (!position) throw new JsonFileError(path, message, repair);
    const before = text.slice(0, Number(position[1])).split("\n");
    throw new JsonFileError(path, `${message.replace(/ in JSON at position \d+.*$/, "")} at line ${before.length}, column ${before[before.length - 1].length + 1}`, repair);
  }
}

export async function readJsonFile(path: string, repair: string): Promise<unknown> {
  return parseJsonText(await readFile(path, "utf8"), path, repair);
}
