// Opens WebGPU adapters in plain Node through dawn.node (the `webgpu` package): first the
// platform's native API (Vulkan, Metal, D3D12), then, on Linux, Dawn's OpenGL ES backend, which
// reaches GPUs (and stock Mesa) that have no usable Vulkan driver.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebGpuAdapterInfo, WebGpuApi } from "../../api/payloads/backend";

export type { WebGpuAdapterInfo, WebGpuApi };

export interface OpenedAdapter {
  /** The dawn.node instance: keep it referenced as long as the adapter or its device is used. */
  gpu: GPU;
  adapter: GPUAdapter;
  info: WebGpuAdapterInfo;
}

export interface AdapterSearch {
  /** Best first: hardware before software, native before OpenGL ES. */
  found: OpenedAdapter[];
  /** One line per API that gave no adapter. */
  missing: string[];
}

// Dawn does not always set isFallbackAdapter for CPU renderers (llvmpipe through OpenGL ES says
// false), so the renderer's name decides too.
const SOFTWARE_RENDERER = /llvmpipe|lavapipe|softpipe|swiftshader|software rasterizer/i;

/** The API's name as a person knows it: Dawn's native backend is Vulkan, Metal or D3D12 by platform. */
function apiName(api: WebGpuApi): string {
  if (api === "opengles") return "OpenGL ES";
  return process.platform === "darwin" ? "Metal" : process.platform === "win32" ? "D3D12" : "Vulkan";
}

/** Dawn and Mesa need a private runtime folder; a desktop session has one, a server or CI often not. */
function ensureRuntimeEnv(api: WebGpuApi): void {
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), "mlm-notebook-xdg-"));
  // Without a display, EGL must be told to render off-screen.
  if (api === "opengles" && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = "surfaceless";
}

async function loadDawn(): Promise<typeof import("webgpu")> {
  const dawn = await import("webgpu");
  // tfjs's WebGPU backend reads GPUBufferUsage, GPUMapMode… as globals, as a browser has them.
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  return dawn;
}

function describe(adapter: GPUAdapter, api: WebGpuApi): WebGpuAdapterInfo {
  const i = adapter.info;
  const isFallback = Boolean(i.isFallbackAdapter);
  return {
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    isFallback,
    software: isFallback || SOFTWARE_RENDERER.test(`${i.device} ${i.description}`),
    api,
  };
}

function apiFromEnv(): WebGpuApi | undefined {
  const v = process.env.MLM_NOTEBOOK_WEBGPU_API;
  if (!v) return undefined;
  if (v === "native" || v === "opengles") return v;
  throw new Error(`MLM_NOTEBOOK_WEBGPU_API is "${v}"; use "native" or "opengles", or unset it.`);
}

/** Whether the dynamic loader can find `lib` (in LD_LIBRARY_PATH or ld.so's cache), on Linux. */
function loaderFinds(lib: string): boolean {
  const dirs = (process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean);
  if (dirs.some((d) => existsSync(join(d, lib)))) return true;
  try {
    return readFileSync("/etc/ld.so.cache").includes(lib);
  } catch {
    return false;
  }
}

/** Why an API gave no adapter, with the package that usually fixes it. */
function missingHint(api: WebGpuApi): string {
  if (process.platform !== "linux") return api === "native" ? "no Metal/D3D12 adapter" : "no OpenGL ES adapter";
  if (api === "native") {
    return loaderFinds("libvulkan.so.1")
      ? "the Vulkan loader found no usable driver (install your GPU's Vulkan driver; for a software one, Mesa 24 or newer)"
      : "libvulkan.so.1 is not installed (Debian/Ubuntu: apt install libvulkan1, with your GPU's Vulkan driver)";
  }
  return loaderFinds("libEGL.so.1") ? "EGL found no OpenGL ES driver" : "libEGL.so.1 is not installed (Debian/Ubuntu: apt install libegl1, with a driver such as Mesa's)";
}

const apis: { api: WebGpuApi; options: string[]; request: GPURequestAdapterOptions }[] = [
  { api: "native", options: [], request: { powerPreference: "high-performance" } },
  ...(process.platform === "linux"
    ? [{
      api: "opengles" as const,
      options: ["backend=opengles"],
      // OpenGL ES only offers WebGPU's "compatibility" feature level, which must be asked for.
      request: { powerPreference: "high-performance", featureLevel: "compatibility" } as GPURequestAdapterOptions,
    }]
    : []),
];

/**
 * Looks for adapters through each API (or only `only`, else MLM_NOTEBOOK_WEBGPU_API when set);
 * stops early once a hardware adapter is found.
 */
export async function findAdapters(only?: WebGpuApi): Promise<AdapterSearch> {
  const dawn = await loadDawn();
  const found: OpenedAdapter[] = [];
  const missing: string[] = [];
  const wanted = only ?? apiFromEnv();
  for (const { api, options, request } of apis.filter((a) => !wanted || a.api === wanted)) {
    ensureRuntimeEnv(api);
    const gpu = dawn.create(options);
    const adapter = await gpu.requestAdapter(request).catch(() => null);
    if (!adapter) {
      missing.push(`${apiName(api)}: ${missingHint(api)}`);
      continue;
    }
    found.push({ gpu, adapter, info: describe(adapter, api) });
    if (!found[found.length - 1].info.software) break;
  }
  found.sort((a, b) => Number(a.info.software) - Number(b.info.software));
  return { found, missing };
}

/** "NVIDIA H100 80GB HBM3 (nvidia hopper, Vulkan, hardware)" style one-liner for logs and the training view. */
export function adapterLabel(info: WebGpuAdapterInfo): string {
  const name = info.device || info.description || "unknown adapter";
  const detail = [info.vendor, info.architecture].filter(Boolean).join(" ");
  const kind = info.isFallback ? "fallback adapter" : info.software ? "software renderer" : "hardware";
  return `${name} (${[detail, apiName(info.api), kind].filter(Boolean).join(", ")})`;
}
