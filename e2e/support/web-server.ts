// Starts `mlm-notebook serve` on a random port, as a person would, and reads the address it prints.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const URL_LINE = /MLM Notebook: (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export function startServer(notebookPath: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  // Its own process group, so stopping it also stops the kernel it started.
  const child = spawn(process.execPath, [join(ROOT, "out/cli/index.js"), "serve", "--port", "0", "--notebook", notebookPath], {
    cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stopGroup(child); reject(new Error(`serve printed no address in ${START_TIMEOUT_MS} ms:\n${output}`)); }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = URL_LINE.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => stopGroup(child) });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code} before printing its address:\n${output}`)); });
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    try { process.kill(-child.pid!, "SIGTERM"); } catch { resolve(); }
  });
}
