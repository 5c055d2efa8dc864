// The one-line "what does this run train on" of the training view and the CLI.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { WebGpuAdapterInfo } from "../../src/engine/backend/webgpu-dawn";
import { backendLine } from "../../src/engine/training/view";

test("the backend line keeps the whole detail of the reason, nested parentheses included", () => {
  const reason = "the first in the order that started (1 thread, SIMD on; matrix products, GELU, LayerNorm, attention, the decoder's loss and gradient norms on onnxruntime-node 1.30.0 (MLAS, 2 threads); AdamW and dropout masks as wasm SIMD passes)";
  assert.equal(
    backendLine({ backend: { backend: "wasm", tfBackend: "wasm", reason, passedOver: [] }, adapter: null }),
    "on wasm (1 thread, SIMD on; matrix products, GELU, LayerNorm, attention, the decoder's loss and gradient norms on onnxruntime-node 1.30.0 (MLAS, 2 threads); AdamW and dropout masks as wasm SIMD passes)",
  );
  assert.equal(backendLine({ backend: { backend: "cpu", tfBackend: "cpu", reason: "chosen by name", passedOver: [] }, adapter: null }), "on cpu");
});

test("on webgpu the line names the adapter: device, vendor and architecture, API, hardware or not", () => {
  const adapter: WebGpuAdapterInfo = { vendor: "nvidia", architecture: "hopper", device: "NVIDIA H100 80GB HBM3", description: "", isFallback: false, software: false, api: "native" };
  const line = backendLine({ backend: { backend: "webgpu", tfBackend: "webgpu", reason: "chosen by name", passedOver: [] }, adapter });
  assert.match(line, /^on webgpu: NVIDIA H100 80GB HBM3 \(nvidia hopper, Vulkan, hardware\)$/);
});
