// Errors a person can cause while loading or calling a tokenizer. Each names the file or the
// argument at fault and what to do, because it is read in a notebook cell, not a stack trace.

/** A tokenizer file is missing, unreadable, or not what it should be. */
export class TokenizerFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    fix = "Re-download the tokenizer, or point fromPretrained at a folder with valid tokenizer files.",
  ) {
    super(`${file}: ${problem}. ${fix}`);
    this.name = "TokenizerFileError";
  }
}

/** The tokenizer was called with arguments it cannot use. */
export class TokenizerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenizerInputError";
  }
}

/** A short, safe description of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `${typeof value} ${String(value)}`;
}
