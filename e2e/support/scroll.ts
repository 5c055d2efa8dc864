// Scrolling an element from a spec or a bench. The specs compile for Node, without DOM types, hence
// the structural casts; the functions stay free of inner named functions, which esbuild (tsx) would
// wrap in a helper the page does not have.
import type { Locator } from "@playwright/test";

interface Scrollable {
  scrollTop: number;
  scrollHeight: number;
}

export async function scrollHeight(el: Locator): Promise<number> {
  return el.evaluate((e) => (e as unknown as Scrollable).scrollHeight);
}

export async function scrollTo(el: Locator, top: number): Promise<void> {
  await el.evaluate((e, to) => { (e as unknown as Scrollable).scrollTop = to; }, top);
}
