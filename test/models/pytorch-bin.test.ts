// pytorch_model.bin read without running Python: fixtures written by torch 2 (test/fixtures/pytorch-bin/make.py)
// equal the model.safetensors saved with them; every global and opcode outside the weights-only whitelist is refused.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { zipSync } from "fflate";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM, PytorchBinError, UnsafePickleError, readPytorchBin, readSafetensors } from "../../src/engine/models/index";
import { parsePytorchBin } from "../../src/engine/models/pytorch-bin";
import { toFloat32 } from "../../src/engine/models/safetensors";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";
const FIXTURE = join(import.meta.dirname, "../fixtures/pytorch-bin");
let work: string;
before(async () => {
  await ready();
  work = mkdtempSync(join(tmpdir(), "pytorch-bin-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

test("torch.save's zip (torch 2) and legacy (pre-1.6) formats give exactly the tensors of model.safetensors; F16 within half precision", async () => {
  const reference = (await readSafetensors(join(FIXTURE, "model.safetensors"))).tensors;
  for (const [file, tolerance] of [["pytorch_model.bin", 0], ["pytorch_model.legacy.bin", 0], ["pytorch_model.f16.bin", 1e-3]] as const) {
    const tensors = await readPytorchBin(join(FIXTURE, file));
    for (const [name, entry] of reference) {
      const got = tensors.get(name);
      assert.ok(got, `${file} has ${name}`);
      assert.deepEqual(got.shape, entry.shape, `${file} ${name} shape`);
      assert.equal(got.dtype, tolerance === 0 ? "F32" : "F16");
      const [a, b] = [toFloat32(entry), toFloat32(got)];
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tolerance * Math.max(1, Math.abs(a[i])), `${file} ${name}[${i}]: ${b[i]} vs ${a[i]}`);
    }
    // The state dict's tied decoder shares the embeddings' storage: it reads as the same values.
    assert.deepEqual(toFloat32(tensors.get("lm_head.decoder.weight")!), toFloat32(tensors.get("roberta.embeddings.word_embeddings.weight")!));
  }
});

test("a transposed view is read through its strides", async () => {
  const t = (await readPytorchBin(join(FIXTURE, "strided.bin"))).get("t")!;
  assert.deepEqual(t.shape, [3, 2]);
  assert.deepEqual(Array.from(toFloat32(t)), [0, 3, 1, 4, 2, 5]);
});

test("a checkpoint whose pickle calls os.system is refused, naming the global; nothing of it runs", async () => {
  await assert.rejects(readPytorchBin(join(FIXTURE, "forbidden-global.bin")), (e: unknown) =>
    e instanceof UnsafePickleError && /names the global posix\.system/.test(e.message) && /nothing of it was run/.test(e.message) && /model\.safetensors/.test(e.message));
});

/** A torch-style zip around a hand-written pickle. */
const zipOf = (pickle: number[]): Uint8Array => zipSync({ "archive/data.pkl": Uint8Array.from(pickle), "archive/byteorder": new TextEncoder().encode("little") }, { level: 0 });
const bytes = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

test("any global or opcode outside the whitelist is refused by name, before anything is built from it", () => {
  // builtins.eval("1+1"), protocol 2: GLOBAL, BINUNICODE, TUPLE1, REDUCE, STOP.
  const evil = [0x80, 2, ...bytes("cbuiltins\neval\n"), 0x58, 3, 0, 0, 0, ...bytes("1+1"), 0x85, 0x52, 0x2e];
  assert.throws(() => parsePytorchBin(zipOf(evil), "evil.bin"), (e: unknown) => e instanceof UnsafePickleError && /global builtins\.eval/.test(e.message));
  assert.throws(() => parsePytorchBin(Uint8Array.from(evil), "bare.bin"), (e: unknown) => e instanceof UnsafePickleError && /global builtins\.eval/.test(e.message), "a bare pickle too");
  // INST (0x69) builds an object of any class: not in a weights-only load.
  assert.throws(() => parsePytorchBin(zipOf([0x80, 2, 0x28, ...bytes("iposix\nsystem\n"), 0x2e]), "inst.bin"), (e: unknown) => e instanceof UnsafePickleError && /opcode 0x69/.test(e.message));
  // An allowed class (OrderedDict) may be called; a storage class may not.
  assert.throws(() => parsePytorchBin(zipOf([0x80, 2, ...bytes("ctorch\nFloatStorage\n"), 0x29, 0x52, 0x2e]), "call.bin"), (e: unknown) => e instanceof UnsafePickleError && /calls torch\.FloatStorage/.test(e.message));
});

test("a file that is no checkpoint, or a cut-short one, says so and what to do", async () => {
  assert.throws(() => parsePytorchBin(new TextEncoder().encode("version https://git-lfs.github.com/spec/v1\n"), "pointer.bin"), (e: unknown) => e instanceof PytorchBinError && /neither a zip nor torch's legacy format/.test(e.message));
  assert.throws(() => parsePytorchBin(zipOf([0x80, 2, 0x7d]), "short.bin"), /cut short.*Download the file again/);
});

test("fromPretrained of a folder with only pytorch_model.bin gives the same model as its model.safetensors, and says which file it read", async () => {
  const binOnly = join(work, "bin-only");
  const both = join(work, "both");
  for (const [dir, files] of [[binOnly, ["config.json", "pytorch_model.bin"]], [both, ["config.json", "model.safetensors", "pytorch_model.bin"]]] as const) {
    mkdirSync(dir, { recursive: true });
    for (const f of files) copyFileSync(join(FIXTURE, f), join(dir, f));
  }
  const fromBin = await AutoModelForMaskedLM.fromPretrained(binOnly);
  const fromSafetensors = await AutoModelForMaskedLM.fromPretrained(both);
  assert.equal(fromBin.weightsFile, "pytorch_model.bin");
  assert.equal(fromSafetensors.weightsFile, "model.safetensors", "safetensors is preferred, as transformers does");
  assert.deepEqual(fromBin.loadReport, { unused: [], missing: [] });
  const batch = { input_ids: [[0, 5, 9, 2, 1]], attention_mask: [[1, 1, 1, 1, 0]] };
  const [a, b] = [fromBin, fromSafetensors].map((m) => {
    const logits = m.forward(batch).logits!;
    const values = logits.arraySync() as number[][][];
    logits.dispose();
    return values;
  });
  assert.deepEqual(a, b);
});
