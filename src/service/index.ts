export { NotebookService, type NotebookServiceOptions, type StartOptions } from "./notebook-service";
export { forkLauncher, type KernelChannel, type KernelLauncher, type KernelLaunchOptions } from "./launcher";
export { appRoot, defaultUserDataDir, kernelEntry, templatesDir } from "./paths";
