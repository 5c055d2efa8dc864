// One elementwise WGSL program over same-shaped inputs, in the form tfjs's WebGPU backend runs
// (it exports no type for programs). Our kernels (dropout, the fused AdamW update) are each one
// such pass where tf ops would take several dispatches.
import type { WebGPUBackend, webgpu_util as WebGpuUtil } from "@tensorflow/tfjs-backend-webgpu";
import type * as tf from "@tensorflow/tfjs";

export type WebGpuUtilModule = typeof WebGpuUtil;

export interface FlatProgramSpec {
  /** Unique per program text, for tfjs's pipeline cache. */
  key: string;
  /** Input names; the body reads input `x` as `getXByOutputIndex(index)`. */
  inputs: string[];
  /** Uniform fields, e.g. "scale : f32, seed : i32,". */
  uniforms: string;
  /** WGSL that writes `setOutputAtIndex(index, value)`; runs once per element with `index` in range. */
  body: string;
  /** WGSL functions the body calls. */
  helpers?: string;
}

export type UniformValue = { type: "float32" | "int32"; data: number[] };

class FlatProgram {
  readonly variableNames: string[];
  readonly size = true;
  readonly workgroupSize: [number, number, number] = [128, 1, 1];
  readonly uniforms: string;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(
    private readonly spec: FlatProgramSpec,
    shape: number[],
    util: WebGpuUtilModule,
  ) {
    this.variableNames = spec.inputs;
    this.uniforms = spec.uniforms;
    this.shaderKey = spec.key;
    this.outputShape = shape;
    this.dispatchLayout = util.flatDispatchLayout(shape);
    this.dispatch = util.computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
  }

  getUserCode(): string {
    return `${this.spec.helpers ?? ""}
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${this.spec.body}
        }
      }`;
  }
}

/** Runs the program over the first input's shape; the inputs must all have that shape. */
export function runFlatProgram(backend: WebGPUBackend, util: WebGpuUtilModule, spec: FlatProgramSpec, inputs: tf.TensorInfo[], uniforms: UniformValue[]): tf.TensorInfo {
  const program = new FlatProgram(spec, inputs[0].shape, util);
  return backend.runWebGPUProgram(program as never, inputs, "float32", uniforms);
}
