// The hashed dropout mask (models/hashed-dropout.ts; the rule of the webgpu shader, webgpu-dropout.ts)
// as one WebAssembly SIMD pass (i32x4) that writes the float32 mask in place on the tfjs wasm heap.
// It lives here, beside the shader and the other heap passes, because it is a backend's kernel
// for a rule the model file owns. Hand-written because tfjs has no integer-hash op and no library
// offers one over a foreign wasm heap; the JavaScript loop does one element at a time (~3.2 ns each,
// this pass ~0.5 ns: bench/model/dropout.ts).
// i32x4.mul wraps like Math.imul and i32x4.ge_u compares unsigned, so each lane is the loop's
// element bit for bit.
import { loadWasmSimdPass } from "./wasm-simd";

/**
 * Writes the mask into `out` (scale where kept, +0 where dropped); false (touching nothing) when
 * `out` is not a view of tfjs's wasm heap. `key` = lowbias32(seed); element i is kept when
 * lowbias32(i ^ key) ≥ `threshold` (unsigned); `scale` is float32.
 */
export type WasmDropoutMask = (out: Float32Array, key: number, threshold: number, scale: number) => boolean;

const i32x4 = (v: number): string => `(v128.const i32x4 ${v} ${v} ${v} ${v})`;

/** lowbias32 (Chris Wellons) in place on the local `h`: four lanes when `lanes`, else one i32. */
function lowbias32Wat(h: string, lanes: boolean): string {
  const xorShift = (bits: number): string =>
    lanes
      ? `(local.set ${h} (v128.xor (local.get ${h}) (i32x4.shr_u (local.get ${h}) (i32.const ${bits}))))`
      : `(local.set ${h} (i32.xor (local.get ${h}) (i32.shr_u (local.get ${h}) (i32.const ${bits}))))`;
  const mul = (c: number): string =>
    lanes ? `(local.set ${h} (i32x4.mul (local.get ${h}) ${i32x4(c)}))` : `(local.set ${h} (i32.mul (local.get ${h}) (i32.const ${c})))`;
  return [xorShift(16), mul(0x7feb352d), xorShift(15), mul(0x846ca68b), xorShift(16)].join("\n        ");
}

/**
 * One function, `$out` a byte offset into the imported memory: four indices at a time (lanes
 * i..i+3, their hashes compared with the threshold, the all-ones lanes selecting the scale's
 * bits), then the n % 4 tail with the same ops on scalars.
 */
function dropoutWat(memory: string): string {
  return `(module
  (import "env" "memory" (memory ${memory}))
  (func (export "mask") (param $out i32) (param $n i32) (param $key i32) (param $threshold i32) (param $scale f32)
    (local $i i32) (local $at i32) (local $vecEnd i32)
    (local $idx v128) (local $key4 v128) (local $threshold4 v128) (local $scale4 v128) (local $h v128)
    (local $hs i32)
    (local.set $key4 (i32x4.splat (local.get $key)))
    (local.set $threshold4 (i32x4.splat (local.get $threshold)))
    (local.set $scale4 (f32x4.splat (local.get $scale)))
    (local.set $idx (v128.const i32x4 0 1 2 3))
    (local.set $at (local.get $out))
    (local.set $vecEnd (i32.and (local.get $n) (i32.const -4)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $vecEnd)))
        (local.set $h (v128.xor (local.get $idx) (local.get $key4)))
        ${lowbias32Wat("$h", true)}
        (v128.store (local.get $at) (v128.and (i32x4.ge_u (local.get $h) (local.get $threshold4)) (local.get $scale4)))
        (local.set $idx (i32x4.add (local.get $idx) ${i32x4(4)}))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $hs (i32.xor (local.get $i) (local.get $key)))
        ${lowbias32Wat("$hs", false)}
        (f32.store (local.get $at) (select (local.get $scale) (f32.const 0) (i32.ge_u (local.get $hs) (local.get $threshold))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))))`;
}

type MaskExport = (out: number, n: number, key: number, threshold: number, scale: number) => void;

let masks = 0;

/**
 * Compiles the pass (once; wasm-simd.ts) and returns the mask writer. Throws when this runtime
 * lacks WebAssembly SIMD or wabt fails.
 */
export async function loadWasmDropoutMask(): Promise<WasmDropoutMask> {
  const pass = await loadWasmSimdPass<{ mask: MaskExport }>("dropout mask", dropoutWat);
  return (out, key, threshold, scale) => {
    const run = pass.on([out])?.mask;
    if (!run) return false;
    // i32 parameters take the low 32 bits: unsigned key and threshold arrive as the same bits.
    run(out.byteOffset, out.length, key | 0, threshold | 0, scale);
    masks++;
    return true;
  };
}

/** How many masks the pass has written in this process: tests count it so a silent fallback fails. */
export function wasmDropoutMasks(): number {
  return masks;
}
