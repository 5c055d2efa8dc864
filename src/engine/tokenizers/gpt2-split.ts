// GPT-2's pre-tokenization, the ByteLevel pre-tokenizer's regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// written as a scanner over character classes. Hand-written rather than a RegExp because
// (1) tokenizers compiles the pattern with Oniguruma, whose \s is Unicode White_Space
// (it includes U+0085 and excludes U+FEFF, unlike JavaScript's \s), and (2) the scanner writes
// piece boundaries into a reused Int32Array instead of allocating a match object per piece.
// test/tokenizers checks it against the RegExp with Oniguruma's \s on the corpus.

const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;
const SPACE = 3;

/** Unicode White_Space, Oniguruma's \s (all in the BMP). */
const WHITE_SPACE = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];

let bmp: Uint8Array | null = null;
const astral = new Map<number, number>();

/** Class of every BMP code unit, built once by letting RegExp find the letter and number runs. */
function bmpClasses(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  const units = new Uint16Array(0x10000);
  for (let i = 0; i < 0x10000; i++) units[i] = i >= 0xd800 && i <= 0xdfff ? 0x20 : i;
  const all = new TextDecoder("utf-16le").decode(units);
  for (const [re, cls] of [[/\p{L}+/gu, LETTER], [/\p{N}+/gu, NUMBER]] as const) {
    for (const m of all.matchAll(re)) table.fill(cls, m.index, m.index + m[0].length);
  }
  for (const ws of WHITE_SPACE) table[ws] = SPACE;
  for (let i = 0xd800; i <= 0xdfff; i++) table[i] = OTHER;
  bmp = table;
  return table;
}

function astralClass(cp: number): number {
  let cls = astral.get(cp);
  if (cls === undefined) {
    const ch = String.fromCodePoint(cp);
    cls = /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? NUMBER : OTHER;
    astral.set(cp, cls);
  }
  return cls;
}

/**
 * Splits text[start, end) into GPT-2 pre-tokens. Writes piece i as [bounds[2i], bounds[2i+1])
 * and returns the piece count; stops early when `bounds` is full, so the caller continues from
 * the last piece's end (a piece boundary is where the pattern's next match starts anyway).
 */
export function splitGpt2(text: string, start: number, end: number, bounds: Int32Array): number {
  const classes = bmpClasses();
  const maxPieces = bounds.length >> 1;
  let pieces = 0;
  let i = start;
  while (i < end && pieces < maxPieces) {
    const c = text.charCodeAt(i);
    let j = c === 39 ? contractionEnd(text, i, end) : 0;
    if (j === 0) {
      const here = classAt(text, i, end, classes);
      const cls = here & 3;
      if (cls !== SPACE) {
        j = runEnd(text, cls, i + (here >> 2), end, classes);
      } else {
        const next = i + 1 < end ? classAt(text, i + 1, end, classes) : SPACE;
        if (c === 32 && (next & 3) !== SPACE) {
          j = runEnd(text, next & 3, i + 1 + (next >> 2), end, classes);
        } else {
          let k = i + 1;
          while (k < end && classes[text.charCodeAt(k)] === SPACE) k++;
          // \s+(?!\S) leaves the last space of a run for the piece that follows it.
          j = k === end || k - i === 1 ? k : k - 1;
        }
      }
    }
    bounds[2 * pieces] = i;
    bounds[2 * pieces + 1] = j;
    pieces++;
    i = j;
  }
  return pieces;
}

/** Class of the code point at k, plus its UTF-16 length × 4 (class in the low 2 bits). */
function classAt(text: string, k: number, end: number, classes: Uint8Array): number {
  const c = text.charCodeAt(k);
  if (c >= 0xd800 && c <= 0xdbff && k + 1 < end) {
    const lo = text.charCodeAt(k + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) return astralClass(0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00)) | 8;
  }
  return classes[c] | 4;
}

/** End of the run of `cls` code points starting at k. */
function runEnd(text: string, cls: number, k: number, end: number, classes: Uint8Array): number {
  while (k < end) {
    const here = classAt(text, k, end, classes);
    if ((here & 3) !== cls) break;
    k += here >> 2;
  }
  return k;
}

/** End of 's 't 're 've 'm 'll 'd at i (text[i] is an apostrophe), or 0. */
function contractionEnd(text: string, i: number, end: number): number {
  const a = i + 1 < end ? text.charCodeAt(i + 1) : 0;
  if (a === 115 || a === 116 || a === 109 || a === 100) return i + 2; // s t m d
  const b = i + 2 < end ? text.charCodeAt(i + 2) : 0;
  if ((a === 114 || a === 118) && b === 101) return i + 3; // re ve
  if (a === 108 && b === 108) return i + 3; // ll
  return 0;
}
