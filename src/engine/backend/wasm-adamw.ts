// torch.optim.AdamW's update as one WebAssembly SIMD pass (f32x4) that reads and writes the
// tfjs wasm heap in place, by importing tfjs's own WebAssembly.Memory. Hand-written because no
// library offers a fused AdamW over a foreign wasm heap: onnxruntime's graph (native-adamw.ts)
// makes 14 passes over memory with a thread sync per node, and the JavaScript loop of
// fused-adamw.ts does one scalar element at a time. Every op is IEEE single precision, correctly
// rounded, in the JavaScript loop's order, so the results equal it (and torch) bit for bit.
import type { AdamWScalars } from "./fused-adamw";
import { loadWasmSimdPass } from "./wasm-simd";

/** The update over four float32 views of one heap; false (touching nothing) when they are not all views of tfjs's wasm heap. */
export type WasmAdamW = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWScalars) => boolean;

/**
 * One function, byte offsets into the imported memory: four elements at a time, then the
 * n % 4 tail with the same ops on scalars. `$decayOn` = 0 skips the decay multiply, as
 * torch does when weight_decay is 0.
 */
function adamwWat(memory: string): string {
  return `(module
  (import "env" "memory" (memory ${memory}))
  (func (export "adamw")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $bytes i32) (param $decayOn i32)
    (param $decay f32) (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32)
    (param $negStep f32) (param $bc2 f32) (param $eps f32)
    (local $i i32) (local $vecEnd i32)
    (local $decay4 v128) (local $b14 v128) (local $omb14 v128) (local $b24 v128) (local $omb24 v128)
    (local $negStep4 v128) (local $bc24 v128) (local $eps4 v128)
    (local $gv v128) (local $pv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ps f32) (local $ms f32) (local $vs f32)
    (local.set $decay4 (f32x4.splat (local.get $decay)))
    (local.set $b14 (f32x4.splat (local.get $b1)))
    (local.set $omb14 (f32x4.splat (local.get $omb1)))
    (local.set $b24 (f32x4.splat (local.get $b2)))
    (local.set $omb24 (f32x4.splat (local.get $omb2)))
    (local.set $negStep4 (f32x4.splat (local.get $negStep)))
    (local.set $bc24 (f32x4.splat (local.get $bc2)))
    (local.set $eps4 (f32x4.splat (local.get $eps)))
    (local.set $vecEnd (i32.and (local.get $bytes) (i32.const -16)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $vecEnd)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $pv (v128.load (i32.add (local.get $p) (local.get $i))))
        (if (local.get $decayOn) (then (local.set $pv (f32x4.mul (local.get $pv) (local.get $decay4)))))
        (local.set $mv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $b14))
          (f32x4.mul (local.get $gv) (local.get $omb14))))
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $b24))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $omb24))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vv))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.add (local.get $pv)
            (f32x4.mul (local.get $negStep4)
              (f32x4.div (local.get $mv)
                (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vv)) (local.get $bc24)) (local.get $eps4))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ps (f32.load (i32.add (local.get $p) (local.get $i))))
        (if (local.get $decayOn) (then (local.set $ps (f32.mul (local.get $ps) (local.get $decay)))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $omb1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omb2))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $p) (local.get $i))
          (f32.add (local.get $ps)
            (f32.mul (local.get $negStep)
              (f32.div (local.get $ms)
                (f32.add (f32.div (f32.sqrt (local.get $vs)) (local.get $bc2)) (local.get $eps))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail)))))`;
}

type AdamWExport = (p: number, g: number, m: number, v: number, bytes: number, decayOn: number, ...scalars: number[]) => void;

let updates = 0;

/**
 * Compiles the pass (once; wasm-simd.ts) and returns the update. Throws when this runtime lacks
 * WebAssembly SIMD or wabt fails.
 */
export async function loadWasmAdamW(): Promise<WasmAdamW> {
  const pass = await loadWasmSimdPass<{ adamw: AdamWExport }>("AdamW", adamwWat);
  return (p, g, m, v, s) => {
    const run = pass.on([p, g, m, v])?.adamw;
    if (!run) return false;
    run(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, p.byteLength, s.decay === null ? 0 : 1, s.decay ?? 1, s.b1, s.oneMinusB1, s.b2, s.oneMinusB2, s.negStepSize, s.bc2Sqrt, s.eps);
    updates++;
    return true;
  };
}

/** How many updates the pass has run in this process: tests count it so a silent fallback fails. */
export function wasmAdamWUpdates(): number {
  return updates;
}
