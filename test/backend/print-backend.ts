// Helper for choose.test.ts: chooses the backend as a fresh process would (env decides), runs
// one transposed matmul, prints what ran as JSON, and must then exit on its own.
import * as tf from "@tensorflow/tfjs";
import { backendInfo, ready } from "../../src/engine/backend/index";

await ready();
const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
const b = tf.tensor2d([[1, 0, 2], [0, 1, 3]]);
const product = tf.matMul(a, b, false, true).arraySync();
console.log(JSON.stringify({ info: backendInfo(), product }));
