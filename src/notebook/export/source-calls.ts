// For a notebook that never ran, nothing was recorded: the engine calls its cells would make are read
// from their sources instead, literal arguments only (plus top-level constants such as blockSize),
// so the `py` export still says what it can. The script's header flags these values as not run.
import type { Node } from "acorn";
import type { NotebookDoc } from "../../api/index";
import { parseProgram, transpileCell } from "../cell-names";
import type { SavedCall } from "./calls";

type AnyNode = Node & Record<string, unknown>;

/** Marks a value the source does not give as a literal. */
const UNKNOWN = Symbol("unknown");
/** A literal value read from a source, or UNKNOWN. */
type Value = unknown;

interface Reader {
  consts: Record<string, Value>;
  functions: Record<string, string>;
  pipelines: Set<string>;
  /** `const config = new RobertaConfig({...})`: its literal fields, by variable name. */
  configs: Record<string, Value>;
  trainingArgs: Record<string, Value> | null;
  calls: SavedCall[];
}

export function callsFromSources(doc: NotebookDoc): SavedCall[] {
  const r: Reader = { consts: {}, functions: {}, pipelines: new Set(), configs: {}, trainingArgs: null, calls: [] };
  for (const cell of doc.cells) {
    if (cell.type !== "code") continue;
    let code: string;
    let program: AnyNode;
    try {
      code = transpileCell(cell.source).code;
      program = parseProgram(code) as unknown as AnyNode;
    } catch {
      continue; // a cell that does not compile has nothing to read
    }
    for (const node of nodesInOrder(program)) readNode(node, code, r);
  }
  return r.calls;
}

/** Every node at the cell's own level, depth first in source order; function bodies are not steps of the cell. */
function nodesInOrder(root: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (n: AnyNode): void => {
    out.push(n);
    if (/Function/.test(n.type)) return;
    for (const [key, child] of Object.entries(n)) {
      if (key === "loc" || key === "range") continue;
      for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c === "object" && typeof (c as AnyNode).type === "string") visit(c as AnyNode);
    }
  };
  visit(root);
  return out;
}

function readNode(n: AnyNode, code: string, r: Reader): void {
  if (n.type === "VariableDeclarator" && (n.id as AnyNode).type === "Identifier") {
    const name = (n.id as AnyNode).name as string;
    const init = n.init as AnyNode | null;
    const v = init ? literal(init, r.consts) : UNKNOWN;
    if (v !== UNKNOWN) r.consts[name] = v;
    const call = init?.type === "AwaitExpression" ? (init.argument as AnyNode) : init;
    if (call?.type === "CallExpression" && calleeName(call) === "pipeline") r.pipelines.add(name);
    if (init?.type === "NewExpression" && calleeName(init) === "RobertaConfig") r.configs[name] = literal((init.arguments as AnyNode[])[0], r.consts);
    return;
  }
  if (n.type === "FunctionDeclaration" && n.id) {
    r.functions[(n.id as AnyNode).name as string] = `(${code.slice(n.start, n.end)})`;
    return;
  }
  if (n.type !== "CallExpression" && n.type !== "NewExpression") return;
  const name = calleeName(n);
  const args = n.arguments as AnyNode[];
  const opts = (i: number): Record<string, Value> => {
    const v = args[i] ? literal(args[i], r.consts) : {};
    if (v === UNKNOWN || typeof v !== "object" || v === null || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== UNKNOWN));
  };
  const arg = (i: number): Value => (args[i] ? literal(args[i], r.consts) : UNKNOWN);
  const push = (api: string, params: Record<string, Value>): void => {
    r.calls.push({ api, params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== UNKNOWN && v !== undefined)) });
  };
  const method = name?.split(".").pop();
  if (name === "notebookLogin") push("notebookLogin", {});
  else if (name === "loadDataset") push("loadDataset", { path: arg(0), ...pick(opts(1), ["split", "name", "revision", "dataFiles"]) });
  else if (method === "trainTestSplit") push("trainTestSplit", pick(opts(0), ["testSize", "trainSize", "shuffle", "seed"]));
  else if (method === "flatten" && args.length === 0) push("flatten", {});
  else if (name === "AutoTokenizer.fromPretrained") push("AutoTokenizer.fromPretrained", { nameOrPath: arg(0) });
  else if (method === "map" && !name?.startsWith(".") && args[0]) {
    const fn = args[0].type === "Identifier" ? r.functions[args[0].name as string] : `(${code.slice(args[0].start, args[0].end)})`;
    if (fn === undefined) return; // an array's own .map, not a dataset's
    const o = opts(1);
    const removeColumns = args[1] && hasKey(args[1], "removeColumns") && !Array.isArray(o.removeColumns) ? "all" : (o.removeColumns ?? []);
    push("map", { function: fn, captured: { ...r.consts }, batched: o.batched ?? false, batchSize: o.batchSize ?? 1000, numProc: o.numProc ?? 1, removeColumns });
  } else if (name === "DataCollatorForLanguageModeling") push("DataCollatorForLanguageModeling", pick(opts(0), ["mlmProbability", "mlm", "padToMultipleOf"]));
  else if (name === "AutoModelForMaskedLM.fromPretrained") push("AutoModelForMaskedLM.fromPretrained", { repoOrFolder: arg(0) });
  else if (name === "RobertaForMaskedLM.fromConfig") push("RobertaForMaskedLM.fromConfig", { config: configOf(args[0], r), seed: opts(1).seed ?? 42 });
  else if (name === "TrainingArguments") r.trainingArgs = opts(0);
  else if (name === "Trainer" && r.trainingArgs) push("Trainer", { args: r.trainingArgs, given: Object.keys(r.trainingArgs) });
  else if (method === "train" && r.trainingArgs) {
    push("Trainer.train", { args: r.trainingArgs, given: Object.keys(r.trainingArgs) });
    if (r.trainingArgs.pushToHub === true) push("Trainer.pushToHub", {});
  } else if (method === "evaluate") push("Trainer.evaluate", {});
  else if (method === "pushToHub") push("Trainer.pushToHub", {});
  else if (name === "pipeline") push("pipeline", { task: arg(0), ...(typeof arg(1) === "string" ? { model: arg(1) } : {}) });
  else if (name && r.pipelines.has(name)) push("fillMask", { text: arg(0), topK: opts(1).topK ?? 5 });
}

/** `new RobertaConfig({ ... })` given directly or through a constant: its literal fields, as config.json keys. */
function configOf(node: AnyNode | undefined, r: Reader): Record<string, Value> {
  const fields = node?.type === "Identifier" ? r.configs[node.name as string] : node?.type === "NewExpression" ? literal((node.arguments as AnyNode[])[0], r.consts) : UNKNOWN;
  if (typeof fields !== "object" || fields === null) return {};
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== UNKNOWN).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

function pick(o: Record<string, Value>, keys: string[]): Record<string, Value> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

function hasKey(node: AnyNode, key: string): boolean {
  return node.type === "ObjectExpression" && (node.properties as AnyNode[]).some((p) => p.type === "Property" && propertyName(p) === key);
}

function calleeName(n: AnyNode): string | null {
  const callee = n.callee as AnyNode;
  if (callee.type === "Identifier") return callee.name as string;
  if (callee.type === "MemberExpression" && !callee.computed) {
    const object = callee.object as AnyNode;
    const prop = (callee.property as AnyNode).name as string;
    return object.type === "Identifier" ? `${object.name as string}.${prop}` : `.${prop}`;
  }
  return null;
}

function propertyName(p: AnyNode): string | null {
  const key = p.key as AnyNode;
  return key.type === "Identifier" ? (key.name as string) : key.type === "Literal" ? String(key.value) : null;
}

/** A literal (number, string, boolean, null, arrays and objects of them, arithmetic on known constants), else UNKNOWN. */
function literal(n: AnyNode, consts: Record<string, Value>): Value {
  switch (n.type) {
    case "Literal":
      return n.value;
    case "Identifier":
      return (n.name as string) in consts ? consts[n.name as string] : UNKNOWN;
    case "UnaryExpression": {
      const v = literal(n.argument as AnyNode, consts);
      return n.operator === "-" && typeof v === "number" ? -v : UNKNOWN;
    }
    case "BinaryExpression": {
      const a = literal(n.left as AnyNode, consts);
      const b = literal(n.right as AnyNode, consts);
      if (typeof a !== "number" || typeof b !== "number") return UNKNOWN;
      return n.operator === "+" ? a + b : n.operator === "-" ? a - b : n.operator === "*" ? a * b : n.operator === "/" ? a / b : UNKNOWN;
    }
    case "ArrayExpression": {
      const items = (n.elements as (AnyNode | null)[]).map((e) => (e ? literal(e, consts) : UNKNOWN));
      return items.includes(UNKNOWN) ? UNKNOWN : items;
    }
    case "ObjectExpression": {
      const out: Record<string, Value> = {};
      for (const p of n.properties as AnyNode[]) {
        const key = p.type === "Property" ? propertyName(p) : null;
        if (key === null) continue;
        // Shorthand `{ model }` and non-literal values are kept as UNKNOWN, so callers can tell they were given.
        out[key] = literal(p.value as AnyNode, consts);
      }
      return out;
    }
    case "NewExpression":
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}
