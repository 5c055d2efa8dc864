// Backend choice and the kernels that make training fast on wasm.
export { backendInfo, ready, registerBackendCandidate, setBackend } from "./choose";
export type { BackendCandidate, BackendInfo } from "./choose";
export { adamwUpdateInPlace, type AdamWHyper } from "./fused-adamw";
