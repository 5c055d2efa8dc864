// The automatic WebGPU probe, run in a child process so that Dawn's driver warnings ("Couldn't
// load Vulkan", limits "artificially reduced"), which it prints from native code, stay off the
// screen on machines where webgpu is not chosen. They are shown with MLM_NOTEBOOK_VERBOSE=1;
// when webgpu is forced or chosen, the device opens in this process and Dawn prints as usual.
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { WebGpuAdapterInfo } from "./webgpu-dawn";

/** What the child sends back: the adapters it found, best first, and why each other API gave none. */
export interface ProbeAnswer {
  found: WebGpuAdapterInfo[];
  missing: string[];
}

const here = import.meta.url;
const TIMEOUT_MS = 60_000;

/** The child's entry and Node flags: the .ts source under tsx, or adapters.child.js beside the built engine. */
function childEntry(): { file: string; execArgv: string[] } {
  if (here.endsWith(".ts")) return { file: fileURLToPath(new URL("./adapters.child.ts", here)), execArgv: ["--import", import.meta.resolve("tsx")] };
  const file = [new URL("./adapters.child.js", here), new URL("../engine/adapters.child.js", here)].map((u) => fileURLToPath(u)).find((f) => existsSync(f));
  if (!file) throw new Error(`the WebGPU probe (adapters.child.js) is missing beside ${fileURLToPath(here)}; run "node scripts/build.mjs"`);
  return { file, execArgv: [] };
}

/** Runs findAdapters() in a child process; rejects with a person-readable reason when the child fails. */
export function findAdaptersAside(): Promise<ProbeAnswer> {
  const { file, execArgv } = childEntry();
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "json" });
    let warnings = "";
    let answer: ProbeAnswer | null = null;
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (warnings += d));
    child.once("message", (m) => (answer = m as ProbeAnswer));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`the WebGPU probe could not start: ${e.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (process.env.MLM_NOTEBOOK_VERBOSE === "1" && warnings) process.stderr.write(warnings);
      if (answer) resolve(answer);
      else if (signal === "SIGKILL") reject(new Error(`the WebGPU probe found no adapter in ${TIMEOUT_MS / 1000} s`));
      else {
        const last = warnings.trim().split("\n").at(-1);
        reject(new Error(`the WebGPU probe ended without an answer (${signal ?? `exit ${code}`})${last ? `: ${last}` : ""}`));
      }
    });
  });
}
