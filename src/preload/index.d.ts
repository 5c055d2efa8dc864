// What the preload adds to the window; the renderer picks this transport when it is present.
import type { NotebookApi } from "../api/index";

declare global {
  interface Window {
    mlmNotebook?: NotebookApi;
  }
}

export {};
