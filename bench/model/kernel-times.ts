// Where a training step goes on the wasm backend: every wasm kernel is wrapped with a
// timer (tf.profile's own accounting reads outputs back and inflates native kernels), then five
// steps (forward + backward + AdamW) after two warm-up steps; prints ms per step by kernel name
// and the 25 largest kernel/shape entries. Usage: node --single-threaded-gc --import tsx bench/model/kernel-times.ts [tiny|distil]
// KERNEL_TRACE=<prefix> also prints each timed call (ms) of the kernel/shape keys that start with it,
// e.g. KERNEL_TRACE='MlmNotebookLinearGrad [[1024,768],[1024,768]' for the projections' backward.
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { RobertaForMaskedLM } from "../../src/engine/models/index";
import { benchBatch, benchConfig, inPlaceAdamW } from "./setup";

await ready();
const timings = new Map<string, { ms: number; calls: number }>();
const tracePrefix = process.env.KERNEL_TRACE;
const trace: string[] = [];
let depth = 0;
for (const k of tf.getKernelsForBackend("wasm")) {
  const f = k.kernelFunc as (p: { inputs: Record<string, tf.TensorInfo> }) => unknown;
  tf.unregisterKernel(k.kernelName, "wasm");
  const timed = (p: { inputs: Record<string, tf.TensorInfo> }): unknown => {
    const t0 = performance.now();
    depth++;
    try {
      return f(p);
    } finally {
      // Only the outermost kernel counts: some kernels run others inside.
      if (--depth === 0) {
        const key = `${k.kernelName} ${JSON.stringify(Object.values(p.inputs).map((t) => t.shape))}`;
        const e = timings.get(key) ?? { ms: 0, calls: 0 };
        const ms = performance.now() - t0;
        e.ms += ms;
        if (tracePrefix && key.startsWith(tracePrefix)) trace.push(ms.toFixed(1));
        e.calls++;
        timings.set(key, e);
      }
    }
  };
  tf.registerKernel({ ...k, kernelFunc: timed as unknown as tf.KernelFunc });
}

const B = 8;
const S = 128;
const model = RobertaForMaskedLM.fromConfig(benchConfig(process.argv[2] === "distil" ? "distil" : "tiny"), { seed: 0 });
const params = model.namedParameters();
const adamw = inPlaceAdamW(params);
const { ids, labels } = benchBatch(B, S);
const phase = { forwardBackward: 0, adamw: 0 };
function trainStep(): void {
  const t0 = performance.now();
  const { value, grads } = tf.variableGrads(() => model.forward({ input_ids: ids, labels }, { training: true }).loss!, [...params.values()]);
  value.dataSync();
  value.dispose();
  const t1 = performance.now();
  adamw(new Map([...params].map(([name, p]) => [name, grads[p.name]])));
  tf.dispose(Object.values(grads));
  phase.forwardBackward += t1 - t0;
  phase.adamw += performance.now() - t1;
}
trainStep();
trainStep();
timings.clear();
trace.length = 0;
phase.forwardBackward = phase.adamw = 0;
const n = 5;
const t0 = performance.now();
for (let i = 0; i < n; i++) trainStep();
const kernelMs = [...timings.values()].reduce((a, e) => a + e.ms, 0) / n;
console.log(`step ${((performance.now() - t0) / n).toFixed(1)} ms: forward + backward ${(phase.forwardBackward / n).toFixed(1)} (in kernels ${kernelMs.toFixed(1)}), AdamW ${(phase.adamw / n).toFixed(1)}`);
const byName = new Map<string, number>();
for (const [key, e] of timings) byName.set(key.split(" ")[0], (byName.get(key.split(" ")[0]) ?? 0) + e.ms / n);
console.log([...byName].sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(" | "));
for (const [key, e] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${(e.ms / n).toFixed(2)} ms ×${e.calls / n} ${key}`);
if (tracePrefix) console.log(`calls of ${tracePrefix}…, ms: ${trace.join(" ")}`);
