// The backend chooser: the order, the reasons, forcing by environment or by name, and the wasm
// backend's two threads in Node (a fresh process each, since a process chooses once).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { setBackend } from "../../src/engine/backend/index";

interface Printed {
  info: { backend: string; tfBackend: string; reason: string; passedOver: { name: string; why: string }[] };
  product: number[][];
}

function fresh(env: Record<string, string>): Printed {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "print-backend.ts")], {
    encoding: "utf8",
    env: { ...process.env, MLM_NOTEBOOK_BACKEND: "", MLM_NOTEBOOK_WASM_THREADS: "", MLM_NOTEBOOK_NATIVE_MATMUL: "", ...env },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ""}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Printed;
}

test("the default order passes over what cannot start, says why, and lands on wasm here", () => {
  const { info, product } = fresh({});
  assert.equal(info.backend, "wasm");
  assert.deepEqual(info.passedOver.map((p) => p.name), ["tfjs-node-gpu", "webgpu", "tfjs-node"]);
  assert.match(info.passedOver[0].why, /@tensorflow\/tfjs-node-gpu is not installed/);
  assert.match(info.passedOver[1].why, /not part of this build/);
  assert.match(info.reason, /first in the order that started \(1 thread, SIMD on; matrix products, GELU, LayerNorm, attention, the decoder's loss and gradient norms on onnxruntime-node [\d.]+ \(MLAS, \d+ threads?\); AdamW and dropout masks as wasm SIMD passes\)/);
  assert.deepEqual(product, [[7, 11], [16, 23]]);
});

test("two wasm threads in Node, and the process still exits by itself", () => {
  const { info, product } = fresh({ MLM_NOTEBOOK_WASM_THREADS: "2" });
  assert.match(info.reason, /2 threads, SIMD on; matrix products on XNNPACK: MLM_NOTEBOOK_WASM_THREADS=2 asks for wasm's threaded build.*; AdamW and dropout masks as wasm SIMD passes\)$/);
  assert.deepEqual(product, [[7, 11], [16, 23]]);
});

test("MLM_NOTEBOOK_NATIVE_MATMUL=0 keeps products on XNNPACK and says so", () => {
  const { info, product } = fresh({ MLM_NOTEBOOK_NATIVE_MATMUL: "0", MLM_NOTEBOOK_WASM_THREADS: "1" });
  assert.match(info.reason, /1 thread, SIMD on; matrix products on XNNPACK: turned off by MLM_NOTEBOOK_NATIVE_MATMUL=0/);
  assert.deepEqual(product, [[7, 11], [16, 23]]);
});

test("MLM_NOTEBOOK_BACKEND forces a backend", () => {
  const { info } = fresh({ MLM_NOTEBOOK_BACKEND: "cpu" });
  assert.equal(info.backend, "cpu");
  assert.match(info.reason, /chosen by name/);
});

test("forcing one that cannot start, or an unknown name, says so and what to do", async () => {
  await assert.rejects(setBackend("tensorflow"), /Backend "tensorflow" could not start: tfjs-node-gpu: .*not installed.*Pick another/);
  await assert.rejects(setBackend("tpu"), /Unknown backend "tpu". Choose one of: .*wasm.*cpu/);
});
