// Values the kernel shows by reference: the front asks for pages, the value stays here.
import { inspect } from "node:util";
import type { MimeBundle, Page, VariableInfo } from "../api/index";

const REPR_MIMEBUNDLE = Symbol.for("mlm-notebook.reprMimeBundle");
const FETCH_PAGE = Symbol.for("mlm-notebook.fetchPage");

interface Shown {
  [REPR_MIMEBUNDLE]?: (ref: string) => MimeBundle;
  [FETCH_PAGE]?: (view: string | undefined, offset: number, limit: number) => Page;
}

export class ValueRegistry {
  private readonly byRef = new Map<string, unknown>();
  private readonly refOf = new WeakMap<object, string>();
  private next = 0;

  /** The bundle a value shows: its own view with a live ref when it has one, else text like Node's REPL. */
  bundleFor(value: unknown): MimeBundle {
    if (typeof value === "object" && value !== null && typeof (value as Shown)[REPR_MIMEBUNDLE] === "function") {
      return (value as Required<Shown>)[REPR_MIMEBUNDLE](this.refFor(value));
    }
    return { "text/plain": typeof value === "string" ? value : inspect(value, { depth: 2, maxArrayLength: 50, breakLength: 100 }) };
  }

  refFor(value: object): string {
    let ref = this.refOf.get(value);
    if (!ref) {
      // The pid makes refs from an earlier kernel unknown here rather than pointing at another value.
      ref = `v${process.pid}-${++this.next}`;
      this.refOf.set(value, ref);
      this.byRef.set(ref, value);
    }
    return ref;
  }

  fetchPage(ref: string, view: string | undefined, offset: number, limit: number): Page {
    const value = this.byRef.get(ref) as Shown | undefined;
    if (value === undefined) throw new Error(`Value ${ref} is no longer in the kernel (it restarted); run its cell again.`);
    const fetch = value[FETCH_PAGE];
    if (typeof fetch !== "function") throw new Error(`Value ${ref} cannot be paged.`);
    return fetch.call(value, view, offset, limit);
  }
}

export function describeVariable(name: string, value: unknown, cellId: string | null): VariableInfo {
  try {
    return { name, type: typeName(value), size: sizeOf(value), cellId };
  } catch {
    // A proxy or a getter that throws must not break the whole list.
    return { name, type: "unknown", size: "", cellId };
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return /^class\b/.test(Function.prototype.toString.call(value)) ? "class" : "function";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "Object";
}

function sizeOf(value: unknown): string {
  if (typeof value === "string") return `${value.length} chars`;
  if (Array.isArray(value)) return `${value.length} items`;
  if (value instanceof Map || value instanceof Set) return `${value.size} items`;
  if (ArrayBuffer.isView(value)) return `${(value as unknown as { length?: number }).length ?? value.byteLength} items`;
  if (typeof value === "object" && value !== null) {
    const v = value as { numRows?: unknown; shape?: unknown };
    if (typeof v.numRows === "number") return `${v.numRows} rows`;
    if (Array.isArray(v.shape)) return `shape [${v.shape.join(", ")}]`;
    return `${Object.keys(value).length} keys`;
  }
  return "";
}
