// AdamW exactly as torch.optim.AdamW (1.13, single-tensor path): decoupled weight decay applied
// to the parameter first, bias-corrected moments, epsilon added outside the square root.
// Written by hand because tfjs's AdamOptimizer couples the decay into the gradient and puts
// epsilon elsewhere, which would not match PyTorch number for number.
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace } from "../backend/fused-adamw";
import { gpuAdamWUpdate, hasGpuAdamW } from "../backend/webgpu-adamw";

export interface AdamWOptions {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** Names that get no weight decay (HF: biases and LayerNorm weights). */
  noDecay: (name: string) => boolean;
  /**
   * Use the backend's one-pass update where it has one (default true): in place on wasm and cpu
   * (backend/fused-adamw.ts), the fused kernel on webgpu (backend/webgpu-adamw.ts); same arithmetic.
   * false runs the tf-ops update everywhere, the reference those kernels are tested against.
   */
  fused?: boolean;
}

interface Moments {
  expAvg: tf.Variable;
  expAvgSq: tf.Variable;
}

/** HF's exclusions (get_decay_parameter_names): no decay on biases and on LayerNorm weights. */
export function isNoDecayParameter(name: string): boolean {
  return /bias/.test(name) || /layernorm|layer_norm/i.test(name);
}

export class AdamW {
  /** torch's state['step']: the same for every parameter, since all step together. */
  stepCount = 0;
  private readonly moments = new Map<string, Moments>();

  constructor(
    private readonly params: Map<string, tf.Variable>,
    private readonly options: AdamWOptions,
  ) {}

  /** Names of the parameters that are decayed, for display and tests. */
  decayedNames(): string[] {
    return [...this.params.keys()].filter((n) => !this.options.noDecay(n));
  }

  /**
   * One update with rate `lr`; the gradients stay owned by the caller and untouched. gradScale
   * (clipCoefficient's, default 1) is applied to each gradient as the update reads it, as if
   * clip_grad_norm_ had scaled them first.
   */
  step(grads: Map<string, tf.Tensor>, lr: number, gradScale = 1): void {
    this.stepCount += 1;
    const [beta1, beta2] = this.options.betas;
    const stepSize = lr / (1 - beta1 ** this.stepCount);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.stepCount);
    const fused = this.options.fused ?? true;
    const onGpu = fused && hasGpuAdamW();
    for (const [name, param] of this.params) {
      const given = grads.get(name);
      if (!given) continue; // torch skips parameters whose .grad is None
      const m = this.momentsOf(name, param);
      const decay = this.options.noDecay(name) ? 0 : this.options.weightDecay;
      const hyper = { lr, beta1, beta2, eps: this.options.eps, weightDecay: decay, step: this.stepCount, gradScale };
      if (onGpu) {
        // Three GPU passes; the variables take the new buffers, the old ones are freed.
        const next = gpuAdamWUpdate(param, given, m.expAvg, m.expAvgSq, hyper);
        param.assign(next.param);
        m.expAvg.assign(next.expAvg);
        m.expAvgSq.assign(next.expAvgSq);
        tf.dispose([next.param, next.expAvg, next.expAvgSq]);
        continue;
      }
      // One pass over the buffers in place; false (nothing touched) where the backend or a shared buffer forbids it.
      if (fused && adamwUpdateInPlace(param, given, m.expAvg, m.expAvgSq, hyper)) continue;
      // One tidy per parameter: a tidy around the whole update holds every temporary at once.
      tf.tidy(() => {
        const grad = gradScale !== 1 ? given.mul(gradScale) : given;
        const p = decay !== 0 ? param.mul(1 - lr * decay) : param;
        const expAvg = m.expAvg.mul(beta1).add(grad.mul(1 - beta1));
        const expAvgSq = m.expAvgSq.mul(beta2).add(grad.mul(grad).mul(1 - beta2));
        const denom = expAvgSq.sqrt().div(bc2Sqrt).add(this.options.eps);
        m.expAvg.assign(expAvg);
        m.expAvgSq.assign(expAvgSq);
        param.assign(p.sub(expAvg.div(denom).mul(stepSize)));
      });
    }
  }

  private momentsOf(name: string, param: tf.Variable): Moments {
    let m = this.moments.get(name);
    if (!m) {
      m = { expAvg: zeroVariable(param.shape), expAvgSq: zeroVariable(param.shape) };
      this.moments.set(name, m);
    }
    return m;
  }

  /** Moments keyed "exp_avg.<name>" / "exp_avg_sq.<name>" (torch's state names), for a checkpoint. */
  async stateTensors(): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
    const out = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, m] of this.moments) {
      out.set(`exp_avg.${name}`, { shape: m.expAvg.shape, data: (await m.expAvg.data()) as Float32Array });
      out.set(`exp_avg_sq.${name}`, { shape: m.expAvgSq.shape, data: (await m.expAvgSq.data()) as Float32Array });
    }
    return out;
  }

  /** Restores moments saved by stateTensors(); shapes must match the parameters. */
  loadState(stepCount: number, tensors: Map<string, { shape: number[]; data: Float32Array }>): void {
    this.disposeMoments();
    this.stepCount = stepCount;
    for (const [name, param] of this.params) {
      const a = tensors.get(`exp_avg.${name}`);
      const b = tensors.get(`exp_avg_sq.${name}`);
      if (!a || !b) {
        if (stepCount > 0) throw new Error(`Optimizer state has no moments for "${name}": the checkpoint was written for another model.`);
        continue;
      }
      for (const t of [a, b]) {
        if (t.shape.join(",") !== param.shape.join(",")) throw new Error(`Optimizer state for "${name}" has shape [${t.shape}] but the parameter is [${param.shape}]: the checkpoint was written for another model.`);
      }
      this.moments.set(name, { expAvg: ownVariable(tf.tensor(a.data, a.shape, "float32")), expAvgSq: ownVariable(tf.tensor(b.data, b.shape, "float32")) });
    }
  }

  private disposeMoments(): void {
    for (const m of this.moments.values()) {
      m.expAvg.dispose();
      m.expAvgSq.dispose();
    }
    this.moments.clear();
  }

  dispose(): void {
    this.disposeMoments();
  }
}

/** tf.variable(init) shares init's buffer and keeps init's handle alive: drop the handle. */
function ownVariable(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init, false);
  init.dispose();
  return v;
}

function zeroVariable(shape: number[]): tf.Variable {
  return ownVariable(tf.zeros(shape, "float32"));
}
