// Where a tiny-model training step goes on the wasm backend: every wasm kernel is wrapped with a
// timer (tf.profile's own accounting reads outputs back and inflates native kernels), then five
// steps (forward + backward + AdamW) after two warm-up steps; prints ms per step by kernel name
// and the 25 largest kernel/shape entries. Usage: node --single-threaded-gc --import tsx bench/model/kernel-times.ts
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace, ready } from "../../src/engine/backend/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";

await ready();
const timings = new Map<string, { ms: number; calls: number }>();
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
        e.ms += performance.now() - t0;
        e.calls++;
        timings.set(key, e);
      }
    }
  };
  tf.registerKernel({ ...k, kernelFunc: timed as unknown as tf.KernelFunc });
}

const config = new RobertaConfig({ vocabSize: 50265, maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512 });
const B = 8;
const S = 128;
const model = RobertaForMaskedLM.fromConfig(config, { seed: 0 });
const params = model.namedParameters();
const own = (t: tf.Tensor): tf.Variable => {
  const v = tf.variable(t);
  t.dispose();
  return v;
};
const moments = new Map([...params].map(([n, v]) => [n, [own(tf.zeros(v.shape)), own(tf.zeros(v.shape))] as const]));
// The batch of bench/model/train-step.ts.
let state = 12345;
const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const ids = Array.from({ length: B }, () => Array.from({ length: S }, () => 3 + Math.floor(rand() * 50000)));
const labels = ids.map((row) => row.map((t) => (rand() < 0.15 ? t : -100)));
let step = 0;
const phase = { forwardBackward: 0, adamw: 0 };
function trainStep(): void {
  const t0 = performance.now();
  const { value, grads } = tf.variableGrads(() => model.forward({ input_ids: ids, labels }, { training: true }).loss!, [...params.values()]);
  value.dataSync();
  value.dispose();
  const t1 = performance.now();
  step++;
  for (const [name, p] of params) {
    const [m, v] = moments.get(name)!;
    if (!adamwUpdateInPlace(p, grads[p.name], m, v, { lr: 5e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step })) throw new Error(`in-place AdamW refused ${name}`);
  }
  tf.dispose(Object.values(grads));
  phase.forwardBackward += t1 - t0;
  phase.adamw += performance.now() - t1;
}
trainStep();
trainStep();
timings.clear();
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
