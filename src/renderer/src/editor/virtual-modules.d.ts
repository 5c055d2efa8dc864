// Modules that exist only at build time (electron.vite.config.ts and Vite's ?worker suffix).
declare module "virtual:engine-types" {
  /** The engine's .d.ts files and the src/api ones they import, keyed by path relative to src. */
  export const engineTypes: Record<string, string>;
}

declare module "*?worker" {
  const WorkerConstructor: { new (): Worker };
  export default WorkerConstructor;
}
