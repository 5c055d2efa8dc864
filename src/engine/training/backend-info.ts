// What the live training view reports as the backend that runs the work.
import * as tf from "@tensorflow/tfjs";

export function currentBackend(): unknown {
  return { backend: tf.getBackend() };
}
