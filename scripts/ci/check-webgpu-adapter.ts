// Prints the WebGPU adapter dawn.node opens (software ones included) and runs one matmul on it
// through tfjs's webgpu backend; exits 1 with the reason when there is none.
// Run: node --import tsx scripts/ci/check-webgpu-adapter.ts [--api=native|opengles]
import * as tf from "@tensorflow/tfjs";
import { adapterLabel, initWebGpu, releaseWebGpu } from "../../src/engine/backend/webgpu";

const wanted = process.argv.find((a) => a.startsWith("--api="))?.slice("--api=".length);

try {
  const info = await initWebGpu({ allowSoftware: true });
  if (wanted && info.api !== wanted) throw new Error(`the adapter found, ${adapterLabel(info)}, is not on the ${wanted} API`);
  const x = tf.tensor2d([[1, 2], [3, 4]]);
  const got = Array.from(await tf.matMul(x, x).data());
  if (got.join() !== "7,10,15,22") throw new Error(`a 2×2 matmul on webgpu gave ${got.join()}, not 7,10,15,22`);
  console.log(`webgpu adapter: ${adapterLabel(info)}`);
} catch (e) {
  console.error(`webgpu check failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  releaseWebGpu();
}
