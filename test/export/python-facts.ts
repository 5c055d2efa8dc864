// Reads what an exported Python script does, with Python's own parser (ast): the keyword arguments of
// each call and the values assigned (non-literals as { expr: source }), so tests check values, not spelling (3e-05 == 0.00003).
import { spawnSync } from "node:child_process";

const PYTHON = "/usr/bin/python3";

const READER = String.raw`
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
def value(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return {"expr": ast.unparse(node)}
def name(func):
    if isinstance(func, ast.Name): return func.id
    if isinstance(func, ast.Attribute):
        inner = name(func.value)
        return f"{inner}.{func.attr}" if inner else func.attr
    return None
calls, assigns, names = {}, {}, []
for node in ast.walk(tree):
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], (ast.Name, ast.Attribute)):
        assigns[ast.unparse(node.targets[0])] = value(node.value)
    if isinstance(node, ast.Call):
        n = name(node.func)
        if not n: continue
        names.append(n)
        kw = {k.arg: value(k.value) for k in node.keywords if k.arg}
        args = [value(a) for a in node.args]
        if args: kw["args"] = args
        key = n.split(".")[-1] if n.endswith(("train_test_split", "map")) else n
        if key == "map":
            fn = node.args[0].id if node.args and isinstance(node.args[0], ast.Name) else ""
            key = "map_tokenize" if fn.startswith("preprocess") else "map_group" if fn.startswith("group") else "map"
        calls[key] = kw
print(json.dumps({"calls": calls, "assigns": assigns, "names": names}))
`;

export interface PythonFacts {
  calls: Record<string, Record<string, unknown>>;
  assigns: Record<string, unknown>;
  names: string[];
}

export function pythonFacts(file: string): PythonFacts {
  const r = spawnSync(PYTHON, ["-c", READER, file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python could not read ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as PythonFacts;
}
