// Frees each tensor of a backward pass as soon as it is dead. tfjs (4.22, tape.ts) keeps every
// activation gradient and every tensor saved for backward until the whole backward pass ends, so
// it needs memory for all of them at once: 3.2 GB of wasm heap for a DistilRoBERTa step at batch
// 8, which with AdamW's state passes the heap's 4 GiB. A node's output gradients (dys) and its
// saved tensors are dead once its input gradients are computed, since the tape runs in reverse
// order and each tensor has one producer. We wrap each node's gradient function when the tape
// closes (Engine.endTape, before tfjs filters and walks it) and free the previous node's then.
import * as tf from "@tensorflow/tfjs";

type GradFuncs = Record<string, () => tf.Tensor>;

interface TapeNode {
  saved?: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => GradFuncs;
}

interface EngineInternals {
  endTape(): void;
  state: { gradientDepth: number; activeTape: TapeNode[] | null };
  constructor: { nextTensorId: number };
}

let installed = false;

export function installEarlyRelease(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine() as unknown as EngineInternals;
  const endTape = engine.endTape.bind(engine);
  engine.endTape = () => {
    endTape();
    const tape = engine.state.activeTape;
    // Higher-order gradients walk a tape again: leave those alone.
    if (engine.state.gradientDepth !== 0 || !tape) return;
    // Tensors made before the backward pass (a dy the caller passed in) are the caller's.
    const firstBackwardId = engine.constructor.nextTensorId;
    let releasePrevious: (() => void) | null = null;
    for (const node of tape) {
      const gradient = node.gradient;
      if (!gradient) continue;
      node.gradient = (dys) => {
        releasePrevious?.();
        releasePrevious = null;
        const grads = gradient(dys);
        // A gradient function may hand back a dy or a saved tensor itself as an input's gradient.
        const handedOn = new Set<tf.Tensor>();
        const wrapped: GradFuncs = {};
        for (const [name, f] of Object.entries(grads)) {
          wrapped[name] = () => {
            const dx = f();
            handedOn.add(dx);
            return dx;
          };
        }
        releasePrevious = () => {
          for (const dy of dys) if (dy && !handedOn.has(dy) && dy.id >= firstBackwardId) dy.dispose();
          for (const t of node.saved ?? []) if (!handedOn.has(t)) t.dispose();
        };
        return wrapped;
      };
    }
  };
}
