// Scrolling an element from a spec. The in-page code is text: the specs compile for Node, without DOM types.
import type { Locator } from "@playwright/test";

export async function scrollHeight(el: Locator): Promise<number> {
  return (await el.evaluate("(el) => el.scrollHeight")) as number;
}

export async function scrollTo(el: Locator, top: number): Promise<void> {
  await el.evaluate("(el, top) => { el.scrollTop = top; }", top);
}
