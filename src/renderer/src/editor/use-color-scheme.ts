// The OS's light/dark preference, live: the page's CSS follows it by media query, Monaco through this.
import { useSyncExternalStore } from "react";

const query = () => window.matchMedia("(prefers-color-scheme: dark)");

function subscribe(onChange: () => void): () => void {
  const q = query();
  q.addEventListener("change", onChange);
  return () => q.removeEventListener("change", onChange);
}

export function useColorScheme(): "light" | "dark" {
  return useSyncExternalStore(subscribe, () => (query().matches ? "dark" : "light"));
}
