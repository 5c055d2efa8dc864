// Builds the Electron side: main (ESM), preload (CommonJS: sandboxed preloads cannot be ESM) and the
// React renderer, which web mode serves too. The engine's declarations are generated here for Monaco.
import { resolve } from "node:path";
import { defineConfig } from "electron-vite";
import react from "@vitejs/plugin-react";
import { engineTypesPlugin } from "./src/main/build/engine-types-plugin";

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      // The engine is loaded from out/engine at run time (the package's own export), not copied in.
      rollupOptions: { input: { index: resolve(root, "src/main/index.ts") }, external: ["mlm-notebook"] },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      rollupOptions: {
        input: { index: resolve(root, "src/preload/index.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: resolve(root, "src/renderer"),
    // Relative asset paths: the same build loads from app:// in Electron and from the web server.
    base: "./",
    plugins: [react(), engineTypesPlugin(resolve(root, "src/engine"))],
    // Monaco's workers are emitted as files (not inlined) so the CSP's script-src 'self' holds.
    worker: { format: "es" },
    build: {
      outDir: "out/renderer",
      rollupOptions: { input: { index: resolve(root, "src/renderer/index.html") } },
      chunkSizeWarningLimit: 16_000,
    },
  },
});
