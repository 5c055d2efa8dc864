// Added tokens (<s>, <mask>, ...) found in the raw text before pre-tokenization, as tokenizers'
// AddedVocabulary does: leftmost-longest matches, lstrip/rstrip swallowing neighbouring
// whitespace, single_word requiring word boundaries.

export interface AddedToken {
  id: number;
  content: string;
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

/** One stretch of text: plain text to pre-tokenize, or an added token's id. */
export interface TextSegment {
  start: number;
  end: number;
  /** Id of the added token covering [start, end), or -1 for plain text. */
  addedId: number;
}

// Rust's char::is_whitespace (Unicode White_Space).
const WHITE = /[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
// Rust's char::is_alphanumeric or '_': a word character for single_word.
const WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_]/u;

export class AddedTokenMatcher {
  private readonly pattern: RegExp | null;
  private readonly byContent: Map<string, AddedToken>;

  constructor(tokens: readonly AddedToken[]) {
    this.byContent = new Map(tokens.filter((t) => t.content.length > 0).map((t) => [t.content, t]));
    // Longest first, so that at one position the alternation picks the longest token.
    const contents = [...this.byContent.keys()].sort((a, b) => b.length - a.length);
    this.pattern = contents.length ? new RegExp(contents.map(escapeRegExp).join("|"), "g") : null;
  }

  /** Splits text into plain and added-token segments, written to `out` (cleared first). */
  split(text: string, out: TextSegment[]): void {
    out.length = 0;
    let done = 0;
    if (this.pattern) {
      this.pattern.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = this.pattern.exec(text)) !== null) {
        const token = this.byContent.get(m[0])!;
        let start = m.index;
        let end = start + m[0].length;
        if (token.singleWord && ((start > 0 && WORD.test(charBefore(text, start))) || (end < text.length && WORD.test(charAfter(text, end))))) {
          this.pattern.lastIndex = start + 1;
          continue;
        }
        if (token.lstrip) while (start > done && WHITE.test(text[start - 1])) start--;
        if (token.rstrip) while (end < text.length && WHITE.test(text[end])) end++;
        if (start > done) out.push({ start: done, end: start, addedId: -1 });
        out.push({ start, end, addedId: token.id });
        done = end;
        this.pattern.lastIndex = end;
      }
    }
    if (done < text.length || out.length === 0) out.push({ start: done, end: text.length, addedId: -1 });
  }
}

function charBefore(text: string, at: number): string {
  const cp = text.codePointAt(at - 1)!;
  return at >= 2 && cp >= 0xdc00 && cp <= 0xdfff ? String.fromCodePoint(text.codePointAt(at - 2)!) : String.fromCodePoint(cp);
}

function charAfter(text: string, at: number): string {
  return String.fromCodePoint(text.codePointAt(at)!);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
