// Split strings parsed and resolved as `datasets` does (ReadInstruction.from_spec):
// "train", "train[:5000]", "train[10:20]", "train[:10%]", "train[-100:]", "train+test",
// "train[:50%]+test[:10]", with the "(closest)" / "(pct1_dropremainder)" rounding suffixes.

export class SplitStringError extends Error {
  constructor(spec: string, detail: string) {
    super(
      `Malformed split string "${spec}": ${detail}. Use forms like "train", "train[:5000]", "train[10:20]", "train[:10%]", "train[-100:]", "train+test" or "train[:50%]+test[:10]".`,
    );
    this.name = "SplitStringError";
  }
}

export class UnknownSplitError extends Error {
  constructor(readonly split: string, readonly available: string[], dataset: string) {
    super(`Unknown split "${split}" in ${dataset}. The splits there are: ${available.map((s) => `"${s}"`).join(", ")}. Pick one of them, e.g. split: "${available[0] ?? "train"}".`);
    this.name = "UnknownSplitError";
  }
}

/** datasets' "Instruction … corresponds to no data!": the slice starts at or after the split's last row. */
export class SplitNoDataError extends Error {
  constructor(spec: string, split: string, from: number, total: number) {
    super(
      `Instruction "${spec}" corresponds to no data: "${split}" has ${total} rows and the slice starts at row ${from}. ` +
        `Start below ${total} (e.g. "${split}[:${Math.min(total, 1000)}]"), or take a share with a percent slice like "${split}[:10%]".`,
    );
    this.name = "SplitNoDataError";
  }
}

export interface SplitSlice {
  split: string;
  from: number | null;
  to: number | null;
  unit: "abs" | "%";
  rounding: "closest" | "pct1_dropremainder";
}

const SUB_SPEC = /^(\w+(?:\.\w+)*)(?:\[(?:(-?\d+)(%)?)?:(?:(-?\d+)(%)?)?\])?(?:\(([^)]*)\))?$/;

export function parseSplit(spec: string): SplitSlice[] {
  if (typeof spec !== "string" || spec.trim() === "") throw new SplitStringError(String(spec), "it is empty");
  return spec.split("+").map((part) => {
    const sub = part.trim();
    const m = SUB_SPEC.exec(sub);
    if (!m) throw new SplitStringError(spec, `cannot read "${sub}"`);
    const [, split, from, fromPct, to, toPct, rounding] = m;
    const unit = fromPct || toPct ? "%" : "abs";
    if (rounding !== undefined && rounding !== "closest" && rounding !== "pct1_dropremainder") {
      throw new SplitStringError(spec, `rounding "${rounding}" must be "closest" or "pct1_dropremainder"`);
    }
    if (rounding !== undefined && unit !== "%") throw new SplitStringError(spec, "a rounding suffix only applies to percent slices");
    const slice: SplitSlice = {
      split,
      from: from === undefined ? null : Number(from),
      to: to === undefined ? null : Number(to),
      unit,
      rounding: (rounding as SplitSlice["rounding"] | undefined) ?? "closest",
    };
    if (unit === "%" && [slice.from, slice.to].some((b) => b !== null && Math.abs(b) > 100)) {
      throw new SplitStringError(spec, "percent boundaries must lie between -100% and 100%");
    }
    return slice;
  });
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The [start, end) row range a slice selects in a split of `numRows` rows. */
export function sliceRange(slice: SplitSlice, numRows: number): [number, number] {
  const toAbs = (boundary: number): number => {
    if (slice.unit === "abs") return boundary;
    if (slice.rounding === "closest") return roundHalfEven((boundary * numRows) / 100);
    if (numRows < 100) {
      throw new Error(`Using "pct1_dropremainder" rounding on a split with less than 100 elements (${numRows}) is forbidden: it always results in an empty dataset.`);
    }
    return boundary * Math.trunc(numRows / 100);
  };
  let from = slice.from === null ? 0 : toAbs(slice.from);
  let to = slice.to === null ? numRows : toAbs(slice.to);
  if (from < 0) from = Math.max(numRows + from, 0);
  if (to < 0) to = Math.max(numRows + to, 0);
  from = Math.min(from, numRows);
  to = Math.min(to, numRows);
  return [from, Math.max(from, to)];
}

/** Does the slice need the split's total size (percent or negative bounds)? Otherwise rows can stop early. */
export function needsTotal(slice: SplitSlice): boolean {
  return slice.unit === "%" || (slice.from ?? 0) < 0 || (slice.to !== null && slice.to < 0);
}
