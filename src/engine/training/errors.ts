// Errors a person can cause while training, each naming the cause and the fix.

export class TrainingDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly what: "loss" | "grad_norm",
    readonly value: number,
    learningRate: number,
  ) {
    super(
      `Training stopped at step ${step}: the ${what === "loss" ? "loss" : "gradient norm"} became ${value} (not a finite number). ` +
        `Likely cause: the learning rate is too high (it was ${learningRate}) — lower learningRate, add warmupSteps, or keep maxGradNorm at 1.0; ` +
        `half precision (fp16) overflowing or a batch whose labels are all -100 do the same. ` +
        `The model keeps the weights of step ${step - 1}; the update of step ${step} was not applied.`,
    );
    this.name = "TrainingDivergedError";
  }
}

export class TrainingOutOfMemoryError extends Error {
  constructor(
    readonly step: number,
    batchSize: number,
    sequenceLength: number | null,
    cause: unknown,
  ) {
    super(
      `Training ran out of memory at step ${step} (batch of ${batchSize}${sequenceLength ? ` × ${sequenceLength} tokens` : ""}). ` +
        `Lower perDeviceTrainBatchSize (and raise gradientAccumulationSteps to keep the same effective batch), ` +
        `or lower blockSize when grouping texts. The model keeps the weights of the last finished step. (${(cause as Error)?.message ?? String(cause)})`,
    );
    this.name = "TrainingOutOfMemoryError";
  }
}

/** Errors backends throw when memory runs out: wasm's heap cap, V8's array buffers, WebGPU/WebGL buffers. */
export function isOutOfMemory(error: unknown): boolean {
  const text = `${(error as Error)?.name ?? ""} ${(error as Error)?.message ?? String(error)}`;
  return /out of memory|\bOOM\b|memory access out of bounds|Array buffer allocation failed|Cannot allocate|Maximum memory size exceeded|WebAssembly\.Memory|Invalid typed array length|Failed to allocate/i.test(text);
}
