// Runs f with another tfjs backend current, then switches back (tests comparing backends).
import * as tf from "@tensorflow/tfjs";

export async function onBackend<T>(name: string, f: () => T): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(name);
  try {
    return f();
  } finally {
    await tf.setBackend(previous);
  }
}
