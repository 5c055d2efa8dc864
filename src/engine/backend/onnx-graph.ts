// ONNX models of a few nodes, as protobuf bytes, for onnxruntime-node to run (native-matmul.ts,
// native-adamw.ts). Written out by hand: a handful of protobuf fields, and no maintained JS
// library builds ONNX graphs (onnx-proto is stale; onnxruntime itself only loads models).

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer (INT), integer-list (INTS, e.g. a reduction's axes) and float (FLOAT, as { float }) attributes: the only kinds used here. */
  attributes?: Record<string, number | number[] | { float: number }>;
  /** "" (default) for ai.onnx, "com.microsoft" for onnxruntime's own operators. */
  domain?: string;
}

/** Protobuf wire format: varints and length-delimited fields are all these models need. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const key = (field: number, wire: 0 | 2 | 5): number[] => varint((field << 3) | wire);
const int = (field: number, n: number): number[] => [...key(field, 0), ...varint(n)];
const bytes = (field: number, body: number[]): number[] => [...key(field, 2), ...varint(body.length), ...body];
const text = (field: number, s: string): number[] => bytes(field, [...new TextEncoder().encode(s)]);

/** A float32 field (wire type 5: four bytes, little-endian). */
function float32(field: number, x: number): number[] {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x, true);
  return [...key(field, 5), ...new Uint8Array(v.buffer)];
}

/** AttributeProto: name = 1, type = 20; FLOAT (1) in f = 2, INT (2) in i = 3, INTS (7) in repeated ints = 8. Integers ≥ 0 only. */
function attribute(name: string, value: number | number[] | { float: number }): number[] {
  if (typeof value === "number") return [...text(1, name), ...int(3, value), ...int(20, 2)];
  if (Array.isArray(value)) return [...text(1, name), ...value.flatMap((v) => int(8, v)), ...int(20, 7)];
  return [...text(1, name), ...float32(2, value.float), ...int(20, 1)];
}

/** ValueInfoProto: a float tensor (elem_type 1) of unspecified rank and shape. */
const floatTensor = (name: string): number[] => [...text(1, name), ...bytes(2, bytes(1, int(1, 1)))];

/** NodeProto: input = 1, output = 2, op_type = 4, attribute = 5, domain = 7. */
function node(n: OnnxNode): number[] {
  return [
    ...n.inputs.flatMap((i) => text(1, i)),
    ...n.outputs.flatMap((o) => text(2, o)),
    ...text(4, n.op),
    ...Object.entries(n.attributes ?? {}).flatMap(([k, v]) => bytes(5, attribute(k, v))),
    ...(n.domain ? text(7, n.domain) : []),
  ];
}

/** ModelProto bytes of a graph over float tensors of any shape (ai.onnx opset 17, com.microsoft 1). */
export function onnxModel(nodes: OnnxNode[], inputs: string[], outputs: string[]): Uint8Array {
  const graph = [...nodes.flatMap((n) => bytes(1, node(n))), ...text(2, "graph"), ...inputs.flatMap((i) => bytes(11, floatTensor(i))), ...outputs.flatMap((o) => bytes(12, floatTensor(o)))];
  const model = [
    ...int(1, 8), // ir_version
    ...bytes(7, graph),
    ...bytes(8, [...text(1, ""), ...int(2, 17)]),
    ...bytes(8, [...text(1, "com.microsoft"), ...int(2, 1)]),
  ];
  return Uint8Array.from(model);
}
