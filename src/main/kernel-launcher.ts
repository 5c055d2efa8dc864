// The desktop app's kernel process: Electron's utilityProcess (a Node child that Electron manages),
// behind the service's KernelLauncher interface that web mode fills with child_process.fork.
import { utilityProcess } from "electron";
import type { FromKernel, ToKernel } from "../kernel/protocol";
import { KERNEL_NODE_FLAGS, kernelEnv, type KernelLauncher } from "../service/launcher";

export const utilityProcessLauncher: KernelLauncher = (entry, options) => {
  const child = utilityProcess.fork(entry, [], { execArgv: KERNEL_NODE_FLAGS, cwd: options.cwd, env: kernelEnv(options.env ?? process.env), stdio: "inherit", serviceName: "MLM Notebook kernel" });
  // Messages sent before the process has spawned wait here rather than being dropped.
  let queue: ToKernel[] | null = [];
  let exited = false;
  child.once("spawn", () => {
    for (const m of queue ?? []) child.postMessage(m);
    queue = null;
  });
  child.once("exit", () => { exited = true; });
  return {
    send: (m) => {
      if (exited) return;
      if (queue) queue.push(m);
      else child.postMessage(m);
    },
    onMessage: (l) => { child.on("message", (m: unknown) => l(m as FromKernel)); },
    onExit: (l) => { child.once("exit", (code) => l(code)); },
    kill: () => {
      // SIGKILL, as fork's launcher does: a cell stuck in `while (true) {}` gets no chance to clean up anyway.
      if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      else child.kill();
    },
  };
};
