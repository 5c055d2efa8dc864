// Cache from pre-token text to its ids, keyed by the characters in place (text, start, end)
// so a lookup allocates nothing: an open-addressing table over typed arrays, holding copies
// of the keys' UTF-16 units and the ids. When full it starts over, like a bounded HF cache.

const MAX_ENTRIES = 1 << 16;
/** Longer pre-tokens are not cached (tokenizers skips caching long words too). */
export const MAX_CACHED_LENGTH = 64;

export class PieceCache {
  private readonly mask = MAX_ENTRIES * 2 - 1;
  private readonly slotHash = new Int32Array(MAX_ENTRIES * 2);
  /** Key offset + 1 into `keys` (0 = empty slot). */
  private readonly slotKey = new Int32Array(MAX_ENTRIES * 2);
  private readonly slotKeyLen = new Uint8Array(MAX_ENTRIES * 2);
  private readonly slotIds = new Int32Array(MAX_ENTRIES * 2);
  private readonly slotIdsLen = new Uint8Array(MAX_ENTRIES * 2);
  private keys = new Uint16Array(1 << 20);
  private keysUsed = 0;
  private ids = new Int32Array(1 << 19);
  private idsUsed = 0;
  private entries = 0;
  /** Ids of the last hit: ids[hitStart, hitStart + hitLen). */
  hitStart = 0;
  hitLen = 0;

  get store(): Int32Array {
    return this.ids;
  }

  clear(): void {
    this.slotKey.fill(0);
    this.keysUsed = 0;
    this.idsUsed = 0;
    this.entries = 0;
  }

  /** Looks up text[start, end) with its hash; on a hit sets hitStart/hitLen and returns true. */
  get(text: string, start: number, end: number, hash: number): boolean {
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const key = this.slotKey[slot];
      if (key === 0) return false;
      if (this.slotHash[slot] === hash && this.slotKeyLen[slot] === len && this.sameKey(key - 1, text, start, len)) {
        this.hitStart = this.slotIds[slot];
        this.hitLen = this.slotIdsLen[slot];
        return true;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores ids src[from, to) for text[start, end); the key must be at most MAX_CACHED_LENGTH long. */
  set(text: string, start: number, end: number, hash: number, src: Int32Array, from: number, to: number): void {
    const len = end - start;
    const count = to - from;
    if (count > 255) return;
    if (this.entries >= MAX_ENTRIES || this.keysUsed + len > this.keys.length || this.idsUsed + count > this.ids.length) this.clear();
    let slot = hash & this.mask;
    while (this.slotKey[slot] !== 0) slot = (slot + 1) & this.mask;
    for (let i = 0; i < len; i++) this.keys[this.keysUsed + i] = text.charCodeAt(start + i);
    this.ids.set(src.subarray(from, to), this.idsUsed);
    this.slotHash[slot] = hash;
    this.slotKey[slot] = this.keysUsed + 1;
    this.slotKeyLen[slot] = len;
    this.slotIds[slot] = this.idsUsed;
    this.slotIdsLen[slot] = count;
    this.keysUsed += len;
    this.idsUsed += count;
    this.entries++;
  }

  private sameKey(at: number, text: string, start: number, len: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < len; i++) if (keys[at + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }
}

/** FNV-1a over the UTF-16 units of text[start, end). */
export function pieceHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}
