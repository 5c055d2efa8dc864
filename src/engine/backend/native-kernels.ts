// The wasm backend's onnxruntime kernels, turned on or off together as the backend starts:
// matrix products, linear layers, AdamW (the fallback of the wasm SIMD pass), gradient norms, erf,
// GELU, LayerNorm, self-attention and the tied decoder's cross-entropy.
import { useNativeAdamW } from "./fused-adamw";
import { useNativeAttention } from "./native-attention";
import { useNativeMatMul } from "./kernels";
import { loadNativeAdamW } from "./native-adamw";
import { useNativeDecoderLoss } from "./native-decoder-loss";
import { useNativeErf } from "./native-erf";
import { useNativeGelu } from "./native-gelu";
import { useNativeLinear } from "./native-linear";
import { useNativeLayerNorm } from "./native-layer-norm";
import type { NativeMatMul } from "./native-matmul";
import { useNativeSumOfSquares } from "./native-sum-of-squares";

export function useNativeKernels(native: NativeMatMul | null): void {
  const on = native !== null;
  useNativeMatMul(native);
  useNativeAdamW(on ? loadNativeAdamW() : null);
  useNativeSumOfSquares(on);
  useNativeErf(on);
  useNativeGelu(on);
  useNativeDecoderLoss(on);
  useNativeLinear(on);
  useNativeLayerNorm(on);
  useNativeAttention(on);
}
