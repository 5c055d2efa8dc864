// The backend chooser: the order, the reasons, forcing by environment or by name, and the wasm
// backend's two threads in Node (a fresh process each, since a process chooses once). What is
// chosen depends on what the machine has (tfjs-node-gpu with CUDA on a GPU box, onnxruntime-node
// or not), so the tests assert the rule against what is installed, not one machine's outcome.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { setBackend } from "../../src/engine/backend/index";

/** The automatic order (src/engine/backend/choose.ts), first to last. */
const ORDER = ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"];
const resolve = createRequire(import.meta.url).resolve;
function installed(spec: string): boolean {
  try {
    resolve(spec);
    return true;
  } catch {
    return false;
  }
}
const TFJS_PACKAGES: Record<string, string> = { "tfjs-node-gpu": "@tensorflow/tfjs-node-gpu", "tfjs-node": "@tensorflow/tfjs-node" };
/** What wasm says of the matrix products: on onnxruntime-node where it loads, else XNNPACK and why not. */
const WASM_PRODUCTS = installed("onnxruntime-node")
  ? /(matrix products, GELU, LayerNorm, attention, the decoder's loss and gradient norms on onnxruntime-node [\d.]+ \(MLAS, \d+ threads?\)|matrix products on XNNPACK: onnxruntime-node failed to load: .+)/
  : /matrix products on XNNPACK: onnxruntime-node is not installed/;

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

test("the default order passes over what cannot start, says why, and lands on the first that starts", () => {
  const { info, product } = fresh({});
  // Everything before the chosen backend was tried and passed over, in order; nothing after it was.
  const chosenAt = ORDER.indexOf(info.backend);
  assert.ok(chosenAt >= 0, `unknown backend ${info.backend}`);
  assert.deepEqual(info.passedOver.map((p) => p.name), ORDER.slice(0, chosenAt));
  for (const { name, why } of info.passedOver) {
    if (name === "webgpu") assert.match(why, /not part of this build/, "this program loads the backend module alone");
    else if (name in TFJS_PACKAGES) {
      const spec = TFJS_PACKAGES[name];
      // Absent, it says so; installed, it was tried and failed (no CUDA, say), and says how.
      assert.match(why, installed(spec) ? new RegExp(`${spec} (failed to load|loaded but its backend did not start)`) : new RegExp(`${spec} is not installed`), `${name}: ${why}`);
    } else assert.fail(`${name} was passed over: ${why}`);
  }
  if (info.backend in TFJS_PACKAGES) assert.ok(installed(TFJS_PACKAGES[info.backend]), `${info.backend} chosen but not installed`);
  assert.match(info.reason, chosenAt === 0 ? /^the first choice in the order/ : /^the first in the order that started/);
  if (info.backend === "wasm") {
    assert.match(info.reason, /\(1 thread, SIMD on; /);
    assert.match(info.reason, WASM_PRODUCTS);
    assert.match(info.reason, /; AdamW and dropout masks as wasm SIMD passes\)$/);
  }
  assert.deepEqual(product, [[7, 11], [16, 23]]);
});

test("two wasm threads in Node, and the process still exits by itself", () => {
  const { info, product } = fresh({ MLM_NOTEBOOK_BACKEND: "wasm", MLM_NOTEBOOK_WASM_THREADS: "2" });
  assert.match(info.reason, /2 threads, SIMD on; matrix products on XNNPACK: MLM_NOTEBOOK_WASM_THREADS=2 asks for wasm's threaded build.*; AdamW and dropout masks as wasm SIMD passes\)$/);
  assert.deepEqual(product, [[7, 11], [16, 23]]);
});

test("MLM_NOTEBOOK_NATIVE_MATMUL=0 keeps products on XNNPACK and says so", () => {
  const { info, product } = fresh({ MLM_NOTEBOOK_BACKEND: "wasm", MLM_NOTEBOOK_NATIVE_MATMUL: "0", MLM_NOTEBOOK_WASM_THREADS: "1" });
  assert.match(info.reason, /1 thread, SIMD on; matrix products on XNNPACK: turned off by MLM_NOTEBOOK_NATIVE_MATMUL=0/);
  assert.deepEqual(product, [[7, 11], [16, 23]]);
});

test("MLM_NOTEBOOK_BACKEND forces a backend", () => {
  const { info } = fresh({ MLM_NOTEBOOK_BACKEND: "cpu" });
  assert.equal(info.backend, "cpu");
  assert.match(info.reason, /chosen by name/);
});

test("forcing one that cannot start, or an unknown name, says so and what to do", async () => {
  // "tensorflow" is tfjs-node-gpu, then tfjs-node: it starts where one of them does, else each says why.
  const attempt = await setBackend("tensorflow").then(
    (info) => ({ info }),
    (error: unknown) => ({ error: error as Error }),
  );
  if ("info" in attempt) {
    assert.ok(attempt.info.backend in TFJS_PACKAGES && installed(TFJS_PACKAGES[attempt.info.backend]), attempt.info.backend);
    assert.match(attempt.info.reason, /^chosen by name/);
  } else {
    const why = (name: string) => (installed(TFJS_PACKAGES[name]) ? "(failed to load|loaded but its backend did not start)" : "is not installed");
    assert.match(attempt.error.message, new RegExp(`^Backend "tensorflow" could not start: tfjs-node-gpu: .*${why("tfjs-node-gpu")}.*; tfjs-node: .*${why("tfjs-node")}.*Pick another`));
  }
  await assert.rejects(setBackend("tpu"), /Unknown backend "tpu". Choose one of: .*wasm.*cpu/);
});
