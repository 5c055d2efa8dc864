// Recorded values (JSON data) as Python literals, for the `py` export.

export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : 'float("-inf")';
    // Small rates as a person writes them (3e-5, not 0.00003); both spellings read back identically in Python.
    return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
  }
  // JSON's string escapes (\n, \", \uXXXX) are all valid in a Python string literal.
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`).join(", ")}}`;
  return JSON.stringify(String(value));
}

/** camelCase engine names → Hugging Face's snake_case (learningRate → learning_rate, adamBeta1 → adam_beta1). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A comment block: every line of `text` prefixed with `# ` (or `#` when empty). */
export function pyComment(text: string, indent = ""): string {
  return text.split("\n").map((l) => (l ? `${indent}# ${l}` : `${indent}#`)).join("\n");
}
