// The webgpu candidate: which adapters it accepts, what it reports, and that it computes like wasm.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { initWasm } from "../../src/engine/backend/wasm";
import { adapterLabel, initWebGpu, probeWebGpu, probeWebGpuQuietly, releaseWebGpu, webGpuAdapter } from "../../src/engine/backend/webgpu";
import { maxAbsDiff, webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();
const root = new URL("../..", import.meta.url).pathname;

test("a software adapter is never offered to the chooser, only when forced", { skip }, async () => {
  const auto = await probeWebGpu();
  const forced = await probeWebGpu({ allowSoftware: true });
  assert.ok(forced.ok && forced.adapter, `forced probe found nothing: ${forced.why}`);
  if (forced.adapter.software) {
    assert.equal(auto.ok, false);
    assert.equal(auto.adapter?.software, true);
    assert.match(auto.why ?? "", /software renderer/);
  } else {
    assert.equal(auto.ok, true);
  }
});

test("the chooser's probe, run in a child process to keep Dawn quiet, finds what the in-process one finds", async () => {
  const aside = await probeWebGpuQuietly();
  const here = await probeWebGpu();
  assert.deepEqual(aside, here);
});

test("forced webgpu reports its adapter and computes what wasm computes", { skip }, async () => {
  const info = await initWebGpu({ allowSoftware: true });
  assert.equal(tf.getBackend(), "webgpu");
  assert.deepEqual(webGpuAdapter(), info);
  assert.ok(info.device || info.description, "the adapter has a name");
  assert.match(adapterLabel(info), info.api === "native" ? /(Vulkan|Metal|D3D12), / : /OpenGL ES, /);

  // Attention-shaped work: a batched matmul with a transpose, a softmax, and a gather.
  const q = Float32Array.from({ length: 2 * 8 * 16 }, (_, i) => Math.sin(i * 0.37));
  const table = Float32Array.from({ length: 50 * 16 }, (_, i) => Math.cos(i * 0.11));
  const ids = [3, 49, 0, 7, 7, 12];
  const run = async (): Promise<Float32Array> => {
    const out = tf.tidy(() => {
      const x = tf.tensor3d(q, [2, 8, 16]);
      const scores = tf.matMul(x, x, false, true).div(4).softmax();
      const ctx = tf.matMul(scores, x);
      const emb = tf.gather(tf.tensor2d(table, [50, 16]), tf.tensor1d(ids, "int32"));
      return tf.concat([ctx.reshape([-1]), emb.reshape([-1])]);
    });
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return values;
  };
  const onGpu = await run();
  await initWasm(1);
  const onWasm = await run();
  assert.ok(maxAbsDiff(onGpu, onWasm) < 1e-5, `webgpu and wasm differ by ${maxAbsDiff(onGpu, onWasm)}`);
  releaseWebGpu();
  assert.equal(webGpuAdapter(), null);
});

// It needs no driver, only the webgpu package (a dependency), so it runs on every Linux machine,
// GPU or not; elsewhere Metal or D3D12 come with the OS and cannot be pointed away.
const driversRemovable = process.platform === "linux" ? false : `the drivers cannot be hidden on ${process.platform} (Metal or D3D12 come with the OS)`;
test("with no GPU driver at all, webgpu fails naming the cause and a backend that works", { skip: driversRemovable }, () => {
  // A real empty machine: the Vulkan loader and EGL are pointed at driver lists that do not exist.
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `
    import("./src/engine/backend/webgpu.ts").then(async (m) => {
      try { await m.initWebGpu({ allowSoftware: true }); console.log("OPENED"); }
      catch (e) { console.log(JSON.stringify({ failure: e.failure, message: e.message })); }
    });`], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, VK_ICD_FILENAMES: "/nonexistent.json", VK_DRIVER_FILES: "/nonexistent.json", VK_ADD_DRIVER_FILES: "/nonexistent.json", __EGL_VENDOR_LIBRARY_FILENAMES: "/nonexistent.json" },
  });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  assert.notEqual(line, "OPENED", "an adapter opened although no driver was reachable");
  const { failure, message } = JSON.parse(line) as { failure: string; message: string };
  assert.equal(failure, "no-adapter");
  assert.match(message, /No WebGPU adapter/);
  assert.match(message, /setBackend\("wasm"\)/);
});

test("Dawn's OpenGL ES path (for GPUs without a Vulkan driver) opens and computes", { skip, timeout: 60_000 }, (t) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/ci/check-webgpu-adapter.ts", "--api=opengles"], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, MLM_NOTEBOOK_WEBGPU_API: "opengles" },
  });
  if (/OpenGL ES: (EGL found no OpenGL ES driver|libEGL.so.1 is not installed)/.test(r.stderr)) {
    t.skip("no EGL driver on this machine");
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /webgpu adapter: .*OpenGL ES/);
});
