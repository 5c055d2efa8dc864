// How much onnxruntime-node's binding copies a training step: it hands every output of every graph
// call back as a fresh ArrayBuffer (bench/model/ort-output-copy.ts), so the bytes of all outputs
// per step are the bytes copied, allocated and later collected. Counts them by wrapping each graph
// the kernels load, over three steps (forward, backward, AdamW) of the bench model.
// Usage: node --single-threaded-gc --import tsx bench/model/ort-output-bytes.ts [tiny|distil]
import * as tf from "@tensorflow/tfjs";
import { loadOrtNative } from "../../src/engine/backend/ort-native";

// Wrapped before the backend starts, since its kernels load their graphs then.
const ort = loadOrtNative();
const load = ort.load.bind(ort);
let bytes = 0;
let calls = 0;
ort.load = (model) => {
  const graph = load(model);
  return (feeds, outputs) => {
    for (const [array] of Object.values(outputs)) bytes += array.byteLength;
    calls++;
    graph(feeds, outputs);
  };
};
const { ready } = await import("../../src/engine/backend/index");
const { RobertaForMaskedLM } = await import("../../src/engine/models/index");
const { benchBatch, benchConfig, inPlaceAdamW } = await import("./setup");
await ready();
const which = process.argv[2] === "distil" ? "distil" : "tiny";
const model = RobertaForMaskedLM.fromConfig(benchConfig(which), { seed: 0 });
const params = model.namedParameters();
const adamw = inPlaceAdamW(params);
const { ids, labels } = benchBatch(8, 128);
for (let step = 1; step <= 3; step++) {
  bytes = 0;
  calls = 0;
  const { value, grads } = tf.variableGrads(() => model.forward({ input_ids: ids, labels }, { training: true }).loss!, [...params.values()]);
  value.dataSync();
  value.dispose();
  adamw(new Map([...params].map(([name, p]) => [name, grads[p.name]])));
  tf.dispose(Object.values(grads));
  console.log(`${which}, step ${step}: ${calls} onnxruntime calls, ${(bytes / 2 ** 20).toFixed(1)} MiB of outputs`);
}
