// The WebGPU probe's child process: looks for adapters and sends what it found to its parent.
// A child process, not a worker thread: Dawn writes its driver warnings from native code to the
// process's own stderr, and only a separate process lets the parent keep them off the screen.
import { findAdapters } from "./webgpu-dawn";
import type { ProbeAnswer } from "./webgpu-probe";

const { found, missing } = await findAdapters();
const answer: ProbeAnswer = { found: found.map((f) => f.info), missing };
// dawn.node's instances keep the event loop alive, so the child leaves once the answer is out.
process.send!(answer, () => process.exit(0));
