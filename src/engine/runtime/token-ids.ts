// Token ids go into int32 tensors, which quietly wrap 2^32+5 to 5, cut 3.7 to 3, and read NaN
// and "5" as 0 and 5: a wrong batch that still trains. So every id is checked where rows
// become a batch, and a bad one is named by its row, column and position.

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export class TokenIdError extends TypeError {
  constructor(where: string, row: number, column: string, position: number, value: unknown) {
    const shown = typeof value === "string" ? `the string ${JSON.stringify(value)}` : typeof value === "number" ? String(value) : `${value === null ? "null" : typeof value} ${String(value)}`;
    super(
      `${where}: row ${row}, column "${column}", position ${position} is ${shown}, not a token id (a whole number from ${INT32_MIN} to ${INT32_MAX}). ` +
        `Ids come from the tokenizer (tok(texts).input_ids); check the map step that built this column.`,
    );
    this.name = "TokenIdError";
  }
}

/** Throws a TokenIdError for the first value of `values` that int32 would not keep as it is. */
export function checkTokenIds(values: ArrayLike<unknown>, where: string, row: number, column: string): void {
  if (values instanceof Int32Array) return;
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    if (typeof v !== "number" || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw new TokenIdError(where, row, column, t, v);
  }
}
