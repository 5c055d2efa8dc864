// The application menu's model (src/main/menu.ts, the template main hands to
// Menu.buildFromTemplate): its layout on macOS and elsewhere, and what each command asks of the
// API and the dialogs; a failing command is reported, never thrown into Electron's menu loop.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { MenuItemConstructorOptions } from "electron";
import type { ExportFormat, NotebookDoc, TemplateInfo } from "../../src/api/index";
import type { Dialogs } from "../../src/main/dialogs";
import { type MenuHost, menuTemplate } from "../../src/main/menu";
import { recordingApi } from "./support";

const TEMPLATES: TemplateInfo[] = [
  { id: "offline", title: "Masked LM tutorial (offline)", description: "bundled sample" },
  { id: "hub", title: "Masked LM tutorial (Hub)", description: "eli5_category" },
];
const LINUX: MenuHost = { platform: "linux", version: "1.2.3" };

/** The menu over a recording API, dialogs that answer `path` (null: cancelled), and the reports made. */
function menu(options: { path?: string | null; host?: MenuHost; failing?: string } = {}) {
  const service = recordingApi();
  const asked: { dialog: string; doc: unknown; format?: ExportFormat }[] = [];
  const path = options.path === undefined ? "/notes/chosen" : options.path;
  const dialogs: Dialogs = {
    chooseOpenPath: async () => path,
    chooseSavePath: async (doc: NotebookDoc) => (asked.push({ dialog: "save", doc }), path),
    chooseExportPath: async (doc: NotebookDoc, format: ExportFormat) => (asked.push({ dialog: "export", doc, format }), path),
  };
  const api = options.failing
    ? new Proxy(service.api, { get: (t, m: string) => (m === options.failing ? () => Promise.reject(new Error("the disk is full")) : Reflect.get(t, m)) })
    : service.api;
  const reports: { what: string; error: unknown }[] = [];
  const template = menuTemplate(api, dialogs, TEMPLATES, (what, error) => reports.push({ what, error }), options.host ?? LINUX);
  return { template, calls: service.calls, asked, reports };
}

const label = (item: MenuItemConstructorOptions) => item.label?.replace("&", "") ?? `(${item.role ?? item.type})`;

/** The item at a path of labels, e.g. ["File", "Export", "Python script…"]. */
function item(template: MenuItemConstructorOptions[], path: string[]): MenuItemConstructorOptions {
  let items = template;
  let found: MenuItemConstructorOptions | undefined;
  for (const name of path) {
    found = items.find((i) => label(i) === name);
    assert.ok(found, `no menu item ${path.join(" › ")} (at ${name}: ${items.map(label).join(", ")})`);
    items = (found.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
  }
  return found!;
}

/** Clicks an item as Electron does (no awaiting), then lets its promise settle. */
async function click(template: MenuItemConstructorOptions[], path: string[]): Promise<void> {
  const result: unknown = (item(template, path).click as () => unknown)();
  assert.equal(result, undefined, "a click handler hands Electron no promise to drop");
  await new Promise((r) => setTimeout(r, 10));
}

function walk(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...walk((i.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
}

test("the menu bar: File, Edit, Run, Kernel, View, Window, Help; macOS adds the app menu and closes instead of quitting", () => {
  const linux = menu().template;
  assert.deepEqual(linux.map(label), ["File", "(editMenu)", "Run", "Kernel", "(viewMenu)", "(windowMenu)", "(help)"]);
  assert.equal(item(linux, ["File"]).label, "&File", "Alt+F opens it");
  assert.equal((item(linux, ["File"]).submenu as MenuItemConstructorOptions[]).at(-1)!.role, "quit");
  const mac = menu({ host: { platform: "darwin", version: "1.2.3" } }).template;
  assert.deepEqual(mac.map(label), ["(appMenu)", ...linux.map(label)]);
  assert.equal((item(mac, ["File"]).submenu as MenuItemConstructorOptions[]).at(-1)!.role, "close");
});

test("File › New lists every template, the first on Ctrl+N, and each opens its own", async () => {
  const { template, calls } = menu();
  const entries = item(template, ["File", "New"]).submenu as MenuItemConstructorOptions[];
  assert.deepEqual(entries.map((e) => [e.label, e.toolTip, e.accelerator]), TEMPLATES.map((t, i) => [t.title, t.description, i === 0 ? "CmdOrCtrl+N" : undefined]));
  for (const t of TEMPLATES) await click(template, ["File", "New", t.title]);
  assert.deepEqual(calls, TEMPLATES.map((t) => ({ method: "newNotebook", args: [t.id] })));
});

test("each command calls its one API method, with no path where the service asks for one", async () => {
  const commands: [string[], string][] = [
    [["File", "Open…"], "openNotebook"],
    [["File", "Save"], "saveNotebook"],
    [["Run", "Run All"], "runAll"],
    [["Kernel", "Interrupt"], "interrupt"],
    [["Kernel", "Restart"], "restartKernel"],
  ];
  for (const [path, method] of commands) {
    const { template, calls } = menu();
    await click(template, path);
    assert.deepEqual(calls, [{ method, args: [] }], path.join(" › "));
  }
});

test("Save As and Export ask for a path for this notebook, then use it; cancelled, they do nothing", async () => {
  const saveAs = menu();
  await click(saveAs.template, ["File", "Save As…"]);
  const doc = { method: "getNotebook", args: [] };
  assert.deepEqual(saveAs.asked, [{ dialog: "save", doc }]);
  assert.deepEqual(saveAs.calls, [doc, { method: "saveNotebook", args: ["/notes/chosen"] }]);

  const formats: [string, ExportFormat][] = [["TypeScript script…", "ts"], ["Python script…", "py"], ["Notebook (.ipynb)…", "ipynb"]];
  for (const [name, format] of formats) {
    const exported = menu();
    await click(exported.template, ["File", "Export", name]);
    assert.deepEqual(exported.asked, [{ dialog: "export", doc, format }]);
    assert.deepEqual(exported.calls.at(-1), { method: "exportNotebook", args: [format, "/notes/chosen"] });
  }

  for (const path of [["File", "Save As…"], ["File", "Export", "Python script…"]]) {
    const cancelled = menu({ path: null });
    await click(cancelled.template, path);
    assert.deepEqual(cancelled.calls.map((c) => c.method), ["getNotebook"], `${path.join(" › ")} cancelled`);
  }
});

test("a command that fails is reported under its name, and the menu goes on", async () => {
  const { template, reports, calls } = menu({ failing: "saveNotebook" });
  await click(template, ["File", "Save"]);
  await click(template, ["File", "Save As…"]);
  assert.deepEqual(reports.map((r) => [r.what, (r.error as Error).message]), [["Save", "the disk is full"], ["Save As", "the disk is full"]]);
  await click(template, ["Run", "Run All"]);
  assert.equal(calls.at(-1)?.method, "runAll");
});

test("shortcuts are unique, every command has a handler, and Help names the version", () => {
  const items = walk(menu().template);
  const accelerators = items.flatMap((i) => (i.accelerator ? [String(i.accelerator)] : []));
  assert.equal(new Set(accelerators).size, accelerators.length, `a shortcut is used twice: ${accelerators.join(", ")}`);
  const commands = items.filter((i) => !i.role && !i.submenu && i.type !== "separator" && i.enabled !== false);
  assert.ok(commands.length >= 10 && commands.every((i) => typeof i.click === "function"), commands.map(label).join(", "));
  assert.deepEqual(item(menu().template, ["(help)"]).submenu, [{ label: "MLM Notebook 1.2.3", enabled: false }]);
});
