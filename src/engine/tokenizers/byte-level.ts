// GPT-2's byte-level alphabet: every byte maps to one printable character, so BPE tokens are
// plain strings (bytes_to_unicode in openai/gpt-2's encoder.py, used by HF's ByteLevel).

/** Byte value → its character code in token strings. */
export const BYTE_TO_CHAR_CODE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    table[b] = printable ? b : next++;
  }
  return table;
})();

/** Character code in token strings → byte value, or -1 for characters outside the alphabet. */
export const CHAR_CODE_TO_BYTE: Int16Array = (() => {
  const table = new Int16Array(512).fill(-1);
  BYTE_TO_CHAR_CODE.forEach((code, b) => (table[code] = b));
  return table;
})();

/**
 * Bytes a token string stands for, appended to `out` from `at`; returns the new end.
 * A token with a character outside the alphabet (an added token like "<s>" is inside it, but
 * one with, say, "é" is not) contributes its own UTF-8 bytes, as tokenizers' ByteLevel decoder does.
 */
export function tokenBytes(token: string, out: Uint8Array, at: number): number {
  let end = at;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    const b = code < 512 ? CHAR_CODE_TO_BYTE[code] : -1;
    if (b < 0) {
      const raw = new TextEncoder().encode(token);
      out.set(raw, at);
      return at + raw.length;
    }
    out[end++] = b;
  }
  return end;
}

/** UTF-8 bytes of text[start, end) into `out` (which must hold 3 bytes per UTF-16 unit); returns the byte count. */
export function utf8Encode(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 63);
        out[n++] = 0x80 | ((c >> 6) & 63);
        out[n++] = 0x80 | (c & 63);
        continue;
      }
    }
    // A lone surrogate has no UTF-8 form; like TextEncoder, write U+FFFD.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 63);
    out[n++] = 0x80 | (c & 63);
  }
  return n;
}
