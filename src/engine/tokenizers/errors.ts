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

/**
 * Throws for an option name `known` does not list, suggesting the camelCase name when the
 * person wrote transformers' snake_case (return_special_tokens_mask → returnSpecialTokensMask).
 */
export function checkOptionNames(what: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object") throw new TokenizerInputError(`${what}: options must be an object; got ${describeValue(options)}.`);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const hint = known.includes(camel) ? ` Did you mean ${camel}? (options are camelCase here)` : ` Known options: ${known.join(", ")}.`;
    throw new TokenizerInputError(`${what}: unknown option "${key}".${hint}`);
  }
}
