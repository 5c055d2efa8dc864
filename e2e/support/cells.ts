// Page helpers the specs share: find a cell, type into its Monaco editor, run it.
import type { Locator, Page } from "@playwright/test";

export const cell = (page: Page, index: number): Locator => page.getByTestId("cell").nth(index);

/** Replaces a cell's source the way a person would: click into the editor, select all, type. */
export async function setSource(page: Page, index: number, source: string): Promise<void> {
  const editor = cell(page, index).locator(".monaco-editor .view-lines");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  // insertText types without Monaco's auto-closing of brackets and quotes doubling them.
  await page.keyboard.insertText(source);
}

export async function focusEditor(page: Page, index: number): Promise<void> {
  await cell(page, index).locator(".monaco-editor .view-lines").click();
}

export async function runCell(page: Page, index: number): Promise<void> {
  await cell(page, index).getByTestId("run-cell").click();
}
