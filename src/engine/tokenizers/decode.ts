// ids → text for byte-level BPE: each token's bytes (through GPT-2's byte alphabet) joined and
// read as UTF-8 with U+FFFD for invalid sequences, as tokenizers' ByteLevel decoder does
// (String::from_utf8_lossy and TextDecoder replace the same maximal subparts).
import { tokenBytes } from "./byte-level";

// ignoreBOM keeps a leading U+FEFF, which from_utf8_lossy keeps too.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export class ByteDecoder {
  private offsets: Int32Array | null = null;
  private bytes = new Uint8Array(0);
  private buffer = new Uint8Array(4096);

  constructor(private readonly idToToken: readonly (string | undefined)[]) {}

  /** Bytes of every token, built on first use (a few ms for 50k tokens). */
  private table(): Int32Array {
    if (this.offsets) return this.offsets;
    const offsets = new Int32Array(this.idToToken.length + 1);
    let size = 0;
    for (const t of this.idToToken) size += t ? t.length * 4 : 0;
    let bytes = new Uint8Array(size);
    let at = 0;
    this.idToToken.forEach((t, id) => {
      offsets[id] = at;
      if (t) at = tokenBytes(t, bytes, at);
    });
    offsets[this.idToToken.length] = at;
    bytes = bytes.slice(0, at);
    this.bytes = bytes;
    this.offsets = offsets;
    return offsets;
  }

  /** Decodes ids (already checked to be known tokens), skipping those for which `skip` says so. */
  decode(ids: ArrayLike<number>, skip: (id: number) => boolean): string {
    const offsets = this.table();
    let size = 0;
    for (let i = 0; i < ids.length; i++) size += offsets[ids[i] + 1] - offsets[ids[i]];
    if (this.buffer.length < size) this.buffer = new Uint8Array(size * 2);
    const out = this.buffer;
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (skip(id)) continue;
      const from = offsets[id];
      const to = offsets[id + 1];
      for (let k = from; k < to; k++) out[n++] = this.bytes[k];
    }
    return utf8.decode(out.subarray(0, n));
  }
}

/** transformers' clean_up_tokenization: drops the space before punctuation and English contractions. */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(" .", ".")
    .replaceAll(" ?", "?")
    .replaceAll(" !", "!")
    .replaceAll(" ,", ",")
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}
