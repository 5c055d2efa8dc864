// Rows of a 2-D table picked by index, as tf.gather(table, ids) on axis 0. On the host backends
// each row is one block copy: tfjs-wasm's generic gather computes strides per element, ~7 ms for
// 1,024 rows of 128 against ~0.5 ms here.
import * as tf from "@tensorflow/tfjs";
import { registerHostKernel } from "./host-kernels";

const KERNEL = "MlmNotebookGatherRows";

registerHostKernel({
  name: KERNEL,
  inputs: ["table", "ids"],
  output: ([table, ids]) => ({ shape: [ids[0], table[1]], dtype: "float32" }),
  run: ([table, ids], out, [shape]) => {
    const [rows, width] = shape;
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r];
      if (!(id >= 0 && id < rows)) throw new Error(`gatherRows: index ${id} at ${r} is outside the table's ${rows} rows`);
      out.set(table.subarray(id * width, (id + 1) * width), r * width);
    }
  },
});

// The gradient is tf.gather's: each picked row's gradient summed back into its table row.
tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ["table", "ids"],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], [table, ids]: tf.Tensor[]) => ({
    table: () => tf.unsortedSegmentSum(dy as tf.Tensor, ids as tf.Tensor1D, table.shape[0]),
    ids: () => tf.zerosLike(ids),
  }),
});

/** table [rows, width] at ids [n] → [n, width], as tf.gather(table, ids) (gradient included). */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  if (table.dtype !== "float32" || tf.getKernel(KERNEL, tf.getBackend()) === undefined) return tf.gather(table, ids);
  return tf.engine().runKernel(KERNEL, { table, ids }) as tf.Tensor2D;
}
