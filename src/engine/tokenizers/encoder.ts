// Text → ids for byte-level BPE: added tokens first, then GPT-2 pre-tokens, each looked up in
// the pre-token cache and run through BPE only on a miss. Ids go into a growing Int32Array;
// nothing is allocated per token.
import { AddedTokenMatcher, type AddedToken, type TextSegment } from "./added-tokens";
import { BpeModel } from "./bpe-model";
import { utf8Encode } from "./byte-level";
import { splitGpt2 } from "./gpt2-split";
import { MAX_CACHED_LENGTH, PieceCache, pieceHash } from "./piece-cache";

export interface PreTokenizerSpec {
  /** ByteLevel's add_prefix_space: a space before text that does not start with one. */
  addPrefixSpace: boolean;
  /** ByteLevel's use_regex: split with GPT-2's pattern (else each segment is one piece). */
  useRegex: boolean;
}

/** A growing buffer of ids. */
export class IdBuffer {
  data = new Int32Array(1024);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Int32Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

export class ByteLevelBpeEncoder {
  private readonly cache = new PieceCache();
  private readonly segments: TextSegment[] = [];
  /** Piece boundaries of one stretch of text, filled 4096 pieces at a time. */
  private readonly bounds = new Int32Array(8192);
  private bytes = new Uint8Array(1024);
  private readonly matcher: AddedTokenMatcher;

  constructor(
    readonly model: BpeModel,
    addedTokens: readonly AddedToken[],
    private readonly preTokenizer: PreTokenizerSpec,
  ) {
    this.matcher = new AddedTokenMatcher(addedTokens);
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Appends the ids of `text` (no special tokens around it) to `out`. */
  encode(text: string, out: IdBuffer): void {
    const segments = this.segments;
    this.matcher.split(text, segments);
    for (let s = 0; s < segments.length; s++) {
      const seg = segments[s];
      if (seg.addedId >= 0) {
        out.reserve(1);
        out.data[out.length++] = seg.addedId;
      } else if (seg.end > seg.start) {
        if (this.preTokenizer.addPrefixSpace && text.charCodeAt(seg.start) !== 32) this.encodePlain(" " + text.slice(seg.start, seg.end), 0, seg.end - seg.start + 1, out);
        else this.encodePlain(text, seg.start, seg.end, out);
      }
    }
  }

  private encodePlain(text: string, start: number, end: number, out: IdBuffer): void {
    if (!this.preTokenizer.useRegex) {
      this.encodePiece(text, start, end, out);
      return;
    }
    const bounds = this.bounds;
    for (let at = start; at < end; ) {
      const pieces = splitGpt2(text, at, end, bounds);
      for (let p = 0; p < pieces; p++) this.encodePiece(text, bounds[2 * p], bounds[2 * p + 1], out);
      at = bounds[2 * pieces - 1];
    }
  }

  private encodePiece(text: string, start: number, end: number, out: IdBuffer): void {
    const len = end - start;
    const cacheable = len <= MAX_CACHED_LENGTH;
    const hash = cacheable ? pieceHash(text, start, end) : 0;
    const cache = this.cache;
    if (cacheable && cache.get(text, start, end, hash)) {
      const n = cache.hitLen;
      out.reserve(n);
      const data = out.data;
      const store = cache.store;
      const from = cache.hitStart;
      for (let i = 0; i < n; i++) data[out.length + i] = store[from + i];
      out.length += n;
      return;
    }
    const model = this.model;
    if (this.bytes.length < 3 * len) this.bytes = new Uint8Array(6 * len);
    const n = utf8Encode(text, start, end, this.bytes);
    out.reserve(n);
    const at = out.length;
    out.length = model.encodeBytes(this.bytes, n, out.data, at);
    if (cacheable) cache.set(text, start, end, hash, out.data, at, out.length);
  }
}
