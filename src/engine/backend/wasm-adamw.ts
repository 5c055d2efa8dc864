// torch.optim.AdamW's update as one WebAssembly SIMD pass (f32x4) that reads and writes the
// tfjs wasm heap in place, by importing tfjs's own WebAssembly.Memory. Hand-written because no
// library offers a fused AdamW over a foreign wasm heap: onnxruntime's graph (native-adamw.ts)
// makes 14 passes over memory with a thread sync per node, and the JavaScript loop of
// fused-adamw.ts does one scalar element at a time. Every op is IEEE single precision, correctly
// rounded, in the JavaScript loop's order, so the results equal it (and torch) bit for bit.
import type { WasmAdamW } from "./fused-adamw";
import { loadWasmSimdPass } from "./wasm-simd";

/** A lane kind: four floats in a v128, or one f32; scalars splatted to "4"-suffixed locals for the first. */
interface Lane {
  op: "f32x4" | "f32";
  mem: "v128" | "f32";
  /** Suffix of the value locals ($gv, $gs, …) and of the scalar locals ($decay4 or $decay). */
  value: "v" | "s";
  scalar: "4" | "";
  bytes: number;
}

/**
 * One loop of the update from $i up to `end` (bytes) for a lane kind: the vector loop and the
 * tail are the same ops in the same order, so each element rounds as in the JavaScript loop.
 */
function updateLoop(name: string, end: string, lane: Lane): string {
  const { op, mem, value: k, scalar: c } = lane;
  const at = (base: string): string => `(i32.add (local.get $${base}) (local.get $i))`;
  const get = (n: string): string => `(local.get $${n})`;
  return `(block $${name}Done
      (loop $${name}
        (br_if $${name}Done (i32.ge_u (local.get $i) ${end}))
        (local.set $g${k} (${op}.mul (${mem}.load ${at("g")}) ${get(`gscale${c}`)}))
        (local.set $p${k} (${mem}.load ${at("p")}))
        (if (local.get $decayOn) (then (local.set $p${k} (${op}.mul ${get(`p${k}`)} ${get(`decay${c}`)}))))
        (local.set $m${k} (${op}.add
          (${op}.mul (${mem}.load ${at("m")}) ${get(`b1${c}`)})
          (${op}.mul ${get(`g${k}`)} ${get(`omb1${c}`)})))
        (local.set $v${k} (${op}.add
          (${op}.mul (${mem}.load ${at("v")}) ${get(`b2${c}`)})
          (${op}.mul (${op}.mul ${get(`g${k}`)} ${get(`g${k}`)}) ${get(`omb2${c}`)})))
        (${mem}.store ${at("m")} ${get(`m${k}`)})
        (${mem}.store ${at("v")} ${get(`v${k}`)})
        (${mem}.store ${at("p")}
          (${op}.add ${get(`p${k}`)}
            (${op}.mul ${get(`negStep${c}`)}
              (${op}.div ${get(`m${k}`)}
                (${op}.add (${op}.div (${op}.sqrt ${get(`v${k}`)}) ${get(`bc2${c}`)}) ${get(`eps${c}`)})))))
        (local.set $i (i32.add (local.get $i) (i32.const ${lane.bytes})))
        (br $${name})))`;
}

const SCALARS = ["decay", "b1", "omb1", "b2", "omb2", "negStep", "bc2", "eps", "gscale"];

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
    ${SCALARS.map((n) => `(param $${n} f32)`).join(" ")}
    (local $i i32) (local $vecEnd i32)
    ${SCALARS.map((n) => `(local $${n}4 v128)`).join(" ")}
    (local $gv v128) (local $pv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ps f32) (local $ms f32) (local $vs f32)
    ${SCALARS.map((n) => `(local.set $${n}4 (f32x4.splat (local.get $${n})))`).join("\n    ")}
    (local.set $vecEnd (i32.and (local.get $bytes) (i32.const -16)))
    ${updateLoop("vec", "(local.get $vecEnd)", { op: "f32x4", mem: "v128", value: "v", scalar: "4", bytes: 16 })}
    ${updateLoop("tail", "(local.get $bytes)", { op: "f32", mem: "f32", value: "s", scalar: "", bytes: 4 })}))`;
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
    run(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, p.byteLength, s.decay === null ? 0 : 1, s.decay ?? 1, s.b1, s.oneMinusB1, s.b2, s.oneMinusB2, s.negStepSize, s.bc2Sqrt, s.eps, s.gradScale);
    updates++;
    return true;
  };
}

/** How many updates the pass has run in this process: tests count it so a silent fallback fails. */
export function wasmAdamWUpdates(): number {
  return updates;
}
