// tf.erf on the wasm backend with erf on onnxruntime (native-erf.ts) and on tfjs-wasm's own
// kernel, alternated, ms per call (mean of 10 after 3 warm-up).
// Usage: node --import tsx bench/model/erf.ts
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { useNativeErf } from "../../src/engine/backend/native-erf";
await ready();
for (const shape of [[1024, 512], [1024, 3072]]) {
  const x = tf.randomNormal(shape);
  const res: string[] = [];
  for (const on of [true, false, true, false]) {
    useNativeErf(on);
    const f = () => tf.erf(x);
    for (let i = 0; i < 3; i++) f().dispose();
    const t0 = performance.now(); for (let i = 0; i < 10; i++) f().dispose();
    res.push(`${on ? "native" : "wasm"} ${((performance.now() - t0) / 10).toFixed(2)}`);
  }
  console.log("erf", JSON.stringify(shape), res.join("  "));
}
