// The BPE model of tokenizers' BPE with byte-level input: vocabulary, merge ranks, and the
// merge loop for one pre-token. Merges are applied lowest rank first, leftmost first among
// equal ranks, as tokenizers' Word::merge_all does with its priority queue.
import { BYTE_TO_CHAR_CODE } from "./byte-level";

export interface BpeModelSpec {
  /** Token string → id. */
  vocab: Map<string, number>;
  /** Merge pairs in rank order, as token strings. */
  merges: Array<[string, string]>;
  unkToken: string | null;
  /** tokenizers' ignore_merges: a pre-token that is itself in the vocabulary is taken whole. */
  ignoreMerges: boolean;
  /** Where the spec came from, for error messages ("tokenizer.json", "merges.txt"). */
  source: string;
}

export class BpeModel {
  readonly vocab: Map<string, number>;
  readonly unkId: number;
  readonly ignoreMerges: boolean;
  /** Byte value → id of its one-character token, or -1. */
  private readonly byteIds = new Int32Array(256);
  // Open-addressing table from a pair of ids to (rank, merged id).
  private readonly mask: number;
  private readonly pairLeft: Int32Array;
  private readonly pairRight: Int32Array;
  private readonly pairRank: Int32Array;
  private readonly pairMerged: Int32Array;
  // Scratch for one word: symbol ids and the rank of each adjacent pair.
  private syms = new Int32Array(64);
  private ranks = new Int32Array(64);

  constructor(spec: BpeModelSpec) {
    this.vocab = spec.vocab;
    this.ignoreMerges = spec.ignoreMerges;
    const unk = spec.unkToken === null ? undefined : spec.vocab.get(spec.unkToken);
    if (spec.unkToken !== null && unk === undefined) {
      throw new Error(`${spec.source}: the unk_token ${JSON.stringify(spec.unkToken)} is not in the vocabulary`);
    }
    this.unkId = unk ?? -1;
    for (let b = 0; b < 256; b++) this.byteIds[b] = spec.vocab.get(String.fromCharCode(BYTE_TO_CHAR_CODE[b])) ?? -1;

    let capacity = 16;
    while (capacity < spec.merges.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.pairLeft = new Int32Array(capacity).fill(-1);
    this.pairRight = new Int32Array(capacity);
    this.pairRank = new Int32Array(capacity);
    this.pairMerged = new Int32Array(capacity);
    spec.merges.forEach(([a, b], rank) => {
      const left = spec.vocab.get(a);
      const right = spec.vocab.get(b);
      const merged = spec.vocab.get(a + b);
      const missing = left === undefined ? a : right === undefined ? b : merged === undefined ? a + b : null;
      if (missing !== null) throw new Error(`${spec.source}: merge ${rank + 1} ("${a} ${b}") uses the token ${JSON.stringify(missing)}, which is not in the vocabulary`);
      let slot = pairHash(left!, right!) & this.mask;
      while (this.pairLeft[slot] !== -1) {
        // A repeated merge takes its later rank, as tokenizers' collect() into a HashMap does.
        if (this.pairLeft[slot] === left && this.pairRight[slot] === right) break;
        slot = (slot + 1) & this.mask;
      }
      this.pairLeft[slot] = left!;
      this.pairRight[slot] = right!;
      this.pairRank[slot] = rank;
      this.pairMerged[slot] = merged!;
    });
  }

  /** Rank of merging (left, right), or -1; sets `lastMerged` to the merged id. */
  private lastMerged = -1;
  private rankOf(left: number, right: number): number {
    let slot = pairHash(left, right) & this.mask;
    for (;;) {
      const l = this.pairLeft[slot];
      if (l === -1) return -1;
      if (l === left && this.pairRight[slot] === right) {
        this.lastMerged = this.pairMerged[slot];
        return this.pairRank[slot];
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Encodes one pre-token given as UTF-8 bytes[0, n) and writes its ids to out[at..];
   * returns the new end. `out` must have room for n ids.
   */
  encodeBytes(bytes: Uint8Array, n: number, out: Int32Array, at: number): number {
    if (this.syms.length < n) {
      this.syms = new Int32Array(n * 2);
      this.ranks = new Int32Array(n * 2);
    }
    if (this.ignoreMerges) {
      // The whole pre-token, as byte-level characters, taken as one token when the vocabulary has it.
      let word = "";
      for (let i = 0; i < n; i++) word += String.fromCharCode(BYTE_TO_CHAR_CODE[bytes[i]]);
      const whole = this.vocab.get(word);
      if (whole !== undefined) {
        out[at] = whole;
        return at + 1;
      }
    }
    const syms = this.syms;
    let len = 0;
    for (let i = 0; i < n; i++) {
      const id = this.byteIds[bytes[i]];
      // A byte without a token becomes unk, or is dropped when there is no unk (tokenizers' BPE does the same).
      if (id >= 0) syms[len++] = id;
      else if (this.unkId >= 0) syms[len++] = this.unkId;
    }
    if (len > LONG_WORD) len = this.mergeLong(len);
    else len = this.mergeShort(len);
    out.set(syms.subarray(0, len), at);
    return at + len;
  }

  /** Short words: scan for the lowest-ranked pair each time; no setup, fastest for a few symbols. */
  private mergeShort(length: number): number {
    const syms = this.syms;
    const ranks = this.ranks;
    let len = length;
    for (let i = 0; i + 1 < len; i++) ranks[i] = this.rankOf(syms[i], syms[i + 1]);
    while (len > 1) {
      let best = -1;
      let bestRank = 0x7fffffff;
      for (let i = 0; i + 1 < len; i++) {
        const r = ranks[i];
        if (r >= 0 && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      this.rankOf(syms[best], syms[best + 1]);
      syms[best] = this.lastMerged;
      // Close the gap left by the right symbol, then refresh the two pairs that changed.
      syms.copyWithin(best + 1, best + 2, len);
      ranks.copyWithin(best + 1, best + 2, len - 1);
      len--;
      if (best > 0) ranks[best - 1] = this.rankOf(syms[best - 1], syms[best]);
      if (best + 1 < len) ranks[best] = this.rankOf(syms[best], syms[best + 1]);
    }
    return len;
  }

  /**
   * Long words (a URL, a run of dashes, a base64 blob): a binary heap of (rank, position) and
   * linked symbols, O(n log n) like tokenizers' merge_all, where the scan would be O(n²).
   * Stale heap entries are skipped by re-checking the pair's rank when popped.
   */
  private mergeLong(len: number): number {
    if (len >= POSITIONS) throw new RangeError(`A single word of ${len} bytes is longer than the tokenizer handles (${POSITIONS - 1}); split the text first.`);
    const syms = this.syms;
    const next = new Int32Array(len);
    const prev = new Int32Array(len);
    const alive = new Uint8Array(len).fill(1);
    for (let i = 0; i < len; i++) {
      next[i] = i + 1 < len ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap = new MinHeap(3 * len);
    for (let i = 0; i + 1 < len; i++) {
      const r = this.rankOf(syms[i], syms[i + 1]);
      if (r >= 0) heap.push(r * POSITIONS + i);
    }
    while (heap.size > 0) {
      const key = heap.pop();
      const pos = key % POSITIONS;
      const rank = (key - pos) / POSITIONS;
      const right = next[pos];
      if (!alive[pos] || right < 0 || this.rankOf(syms[pos], syms[right]) !== rank) continue;
      syms[pos] = this.lastMerged;
      alive[right] = 0;
      next[pos] = next[right];
      if (next[right] >= 0) prev[next[right]] = pos;
      const before = prev[pos];
      if (before >= 0) {
        const r = this.rankOf(syms[before], syms[pos]);
        if (r >= 0) heap.push(r * POSITIONS + before);
      }
      if (next[pos] >= 0) {
        const r = this.rankOf(syms[pos], syms[next[pos]]);
        if (r >= 0) heap.push(r * POSITIONS + pos);
      }
    }
    let n = 0;
    for (let i = 0; i >= 0; i = next[i]) syms[n++] = syms[i];
    return n;
  }
}

/** Words longer than this (in bytes) merge through the heap. */
const LONG_WORD = 48;
/** Heap keys are rank × POSITIONS + position: lowest rank first, then leftmost. */
const POSITIONS = 2 ** 24;

/** A binary min-heap of numbers in a Float64Array. */
class MinHeap {
  private readonly items: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Float64Array(capacity);
  }

  push(value: number): void {
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items[--this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && items[child + 1] < items[child]) child++;
      if (items[child] >= last) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function pairHash(left: number, right: number): number {
  return (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77)) >>> 7;
}
