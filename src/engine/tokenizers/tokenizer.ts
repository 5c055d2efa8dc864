// The tokenizer a notebook holds: callable like transformers' PreTrainedTokenizerFast
// (`tok(texts, options)`), with its special-token attributes, decode and conversions.
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { throwIfAborted } from "../runtime/abort";
import { REPR_MIMEBUNDLE, type MimeBundle } from "../runtime/display";
import type { AddedToken } from "./added-tokens";
import { BpeModel, type BpeModelSpec } from "./bpe-model";
import { ByteDecoder, cleanUpTokenization } from "./decode";
import { ByteLevelBpeEncoder, IdBuffer } from "./encoder";
import { TokenizerInputError, checkOptionNames, describeValue } from "./errors";
import type { LoadedFiles } from "./loaded-files";
import { writeTokenizerFiles } from "./save-pretrained";
import { addedCount, applyTemplate, type PostProcessor, type TemplatePiece } from "./post-processor";
import { SPECIAL_TOKEN_NAMES, type SpecialTokenName, type TokenizerConfig } from "./tokenizer-config";
import type { TokenizerSpec } from "./tokenizer-json";
import { resolveStrategies, truncatedLengths, type PaddingOption, type TruncationOption } from "./truncation";

export interface TokenizerCallOptions {
  /** Second sequences: a string for one text, an array as long as the batch for several. */
  textPair?: string | readonly string[];
  /** Add <s> … </s> (default true). */
  addSpecialTokens?: boolean;
  padding?: PaddingOption;
  truncation?: TruncationOption;
  maxLength?: number | null;
  padToMultipleOf?: number | null;
  returnSpecialTokensMask?: boolean;
}

/** One text's encoding, with transformers' key names. */
export interface Encoding {
  input_ids: number[];
  attention_mask: number[];
  special_tokens_mask?: number[];
}

/** A batch's encodings, one row per text. */
export interface BatchEncoding {
  input_ids: number[][];
  attention_mask: number[][];
  special_tokens_mask?: number[][];
}

export interface DecodeOptions {
  skipSpecialTokens?: boolean;
  /** Default: the tokenizer's clean_up_tokenization_spaces setting. */
  cleanUpTokenizationSpaces?: boolean;
}

/** What fromPretrained accepts besides the files: transformers' from_pretrained keyword overrides. */
export interface TokenizerOverrides {
  bosToken?: string | null;
  eosToken?: string | null;
  unkToken?: string | null;
  sepToken?: string | null;
  padToken?: string | null;
  clsToken?: string | null;
  maskToken?: string | null;
  modelMaxLength?: number;
  paddingSide?: "right" | "left";
  truncationSide?: "right" | "left";
}

/** Symbol the datasets map() looks for to rebuild a value in a worker thread (src/engine/datasets/capture.ts). */
const WORKER_TRANSFERABLE = Symbol.for("mlm-notebook.workerTransferable");

/** How a worker rebuilds a value: `await import(module)`, then call `export` (a dotted path) with `args`. */
interface WorkerRecipe {
  module: string;
  export: string;
  args: unknown[];
  /** Identifies the content for map's cache: the files' digest plus the changes made since loading. */
  fingerprint: string;
}

interface State {
  model: BpeModelSpec;
  encoder: ByteLevelBpeEncoder;
  decoder: ByteDecoder;
  postProcessor: PostProcessor;
  idToToken: (string | undefined)[];
  tokenToId: Map<string, number>;
  /** Ids of added tokens marked special (what skipSpecialTokens drops). */
  specialAdded: Uint8Array;
  addedTokens: AddedToken[];
  specials: Record<SpecialTokenName, string | null>;
  additionalSpecialTokens: string[];
  config: TokenizerConfig;
  files: LoadedFiles;
  /** sha256 of the files read, computed when first asked for. */
  filesDigest: string | null;
  overrides: TokenizerOverrides;
  warned: Set<string>;
  buffer: IdBuffer;
}

const TOO_LONG_KEY = "sequence-length-is-longer-than-the-specified-maximum";
const CALL_OPTIONS = ["textPair", "addSpecialTokens", "padding", "truncation", "maxLength", "padToMultipleOf", "returnSpecialTokensMask"];
const DECODE_OPTIONS = ["skipSpecialTokens", "cleanUpTokenizationSpaces"];

export interface PreTrainedTokenizerFast {
  /** Encodes one text: flat rows, as transformers returns for a string. */
  (text: string, options?: TokenizerCallOptions): Encoding;
  /** Encodes a batch: one row per text. */
  (texts: readonly string[], options?: TokenizerCallOptions): BatchEncoding;
}

/** transformers' PreTrainedTokenizerFast for byte-level BPE. Instances are functions: call them to encode. */
export class PreTrainedTokenizerFast {
  declare readonly nameOrPath: string;
  declare private readonly s: State;

  constructor(nameOrPath: string, files: LoadedFiles, spec: TokenizerSpec, config: TokenizerConfig, overrides: TokenizerOverrides = {}) {
    const self = ((texts: string | readonly string[], options?: TokenizerCallOptions) => self.encodeCall(texts, options)) as unknown as PreTrainedTokenizerFast;
    Object.setPrototypeOf(self, new.target.prototype);

    const model = new BpeModel(spec.model);
    // tokenizer.json's added tokens win over tokenizer_config.json's entry for the same id; both are looked up before the vocabulary.
    const addedTokens = [...new Map([...config.addedTokensDecoder, ...spec.addedTokens].map((t) => [t.id, t])).values()];
    const tokenToId = new Map(spec.model.vocab);
    for (const t of addedTokens) tokenToId.set(t.content, t.id);
    let maxId = -1;
    for (const id of tokenToId.values()) if (id > maxId) maxId = id;
    const idToToken: (string | undefined)[] = new Array(maxId + 1);
    for (const [token, id] of spec.model.vocab) idToToken[id] = token;
    for (const t of addedTokens) idToToken[t.id] = t.content;
    const specialAdded = new Uint8Array(maxId + 1);
    for (const t of addedTokens) if (t.special) specialAdded[t.id] = 1;

    const specials = Object.fromEntries(SPECIAL_TOKEN_NAMES.map((n) => [n, config.specialTokens[n] ?? null])) as Record<SpecialTokenName, string | null>;
    const state: State = {
      model: spec.model,
      encoder: new ByteLevelBpeEncoder(model, addedTokens, spec.preTokenizer),
      decoder: new ByteDecoder(idToToken),
      postProcessor: spec.postProcessor,
      idToToken,
      tokenToId,
      specialAdded,
      addedTokens,
      specials,
      additionalSpecialTokens: config.additionalSpecialTokens,
      config: { ...config },
      files,
      filesDigest: null,
      overrides: {},
      warned: new Set(),
      buffer: new IdBuffer(),
    };
    Object.defineProperty(self, "s", { value: state });
    Object.defineProperty(self, "nameOrPath", { value: nameOrPath, enumerable: true });
    self.applyOverrides(overrides);
    return self;
  }

  private applyOverrides(o: TokenizerOverrides): void {
    for (const name of SPECIAL_TOKEN_NAMES) {
      const key = `${name}Token` as const;
      if (o[key] !== undefined) this.setSpecial(name, o[key]!);
    }
    if (o.modelMaxLength !== undefined) this.modelMaxLength = o.modelMaxLength;
    if (o.paddingSide !== undefined) this.paddingSide = o.paddingSide;
    if (o.truncationSide !== undefined) this.truncationSide = o.truncationSide;
  }

  // ---- special tokens ----------------------------------------------------------------------

  private setSpecial(name: SpecialTokenName, token: string | null): void {
    if (token !== null && typeof token !== "string") throw new TokenizerInputError(`${name}Token must be a token string or null; got ${describeValue(token)}.`);
    this.s.specials[name] = token;
    this.s.overrides[`${name}Token`] = token;
  }

  private specialId(name: SpecialTokenName): number | null {
    const token = this.s.specials[name];
    return token === null ? null : this.convertTokensToIds(token);
  }

  get bosToken(): string | null { return this.s.specials.bos; }
  set bosToken(t: string | null) { this.setSpecial("bos", t); }
  get eosToken(): string | null { return this.s.specials.eos; }
  set eosToken(t: string | null) { this.setSpecial("eos", t); }
  get unkToken(): string | null { return this.s.specials.unk; }
  set unkToken(t: string | null) { this.setSpecial("unk", t); }
  get sepToken(): string | null { return this.s.specials.sep; }
  set sepToken(t: string | null) { this.setSpecial("sep", t); }
  get padToken(): string | null { return this.s.specials.pad; }
  /** `tok.padToken = tok.eosToken` makes padTokenId the eos id, as in transformers. */
  set padToken(t: string | null) { this.setSpecial("pad", t); }
  get clsToken(): string | null { return this.s.specials.cls; }
  set clsToken(t: string | null) { this.setSpecial("cls", t); }
  get maskToken(): string | null { return this.s.specials.mask; }
  set maskToken(t: string | null) { this.setSpecial("mask", t); }

  get bosTokenId(): number | null { return this.specialId("bos"); }
  get eosTokenId(): number | null { return this.specialId("eos"); }
  get unkTokenId(): number | null { return this.specialId("unk"); }
  get sepTokenId(): number | null { return this.specialId("sep"); }
  get padTokenId(): number | null { return this.specialId("pad"); }
  get clsTokenId(): number | null { return this.specialId("cls"); }
  get maskTokenId(): number | null { return this.specialId("mask"); }

  /** The special token attributes' tokens, de-duplicated in transformers' order (bos, eos, unk, sep, pad, cls, mask, additional). */
  get allSpecialTokens(): string[] {
    const names = [...SPECIAL_TOKEN_NAMES.map((n) => this.s.specials[n]), ...this.s.additionalSpecialTokens];
    return [...new Set(names.filter((t): t is string => t !== null))];
  }

  get allSpecialIds(): number[] {
    return this.allSpecialTokens.map((t) => this.convertTokensToIds(t)).filter((id): id is number => id !== null);
  }

  // ---- settings ----------------------------------------------------------------------------

  get modelMaxLength(): number { return this.s.config.modelMaxLength; }
  set modelMaxLength(n: number) {
    if (typeof n !== "number" || !(n > 0)) throw new TokenizerInputError(`modelMaxLength must be a positive number; got ${describeValue(n)}.`);
    this.s.config.modelMaxLength = n;
    this.s.overrides.modelMaxLength = n;
  }
  get paddingSide(): "right" | "left" { return this.s.config.paddingSide; }
  set paddingSide(side: "right" | "left") {
    if (side !== "right" && side !== "left") throw new TokenizerInputError(`paddingSide must be "right" or "left"; got ${describeValue(side)}.`);
    this.s.config.paddingSide = side;
    this.s.overrides.paddingSide = side;
  }
  get truncationSide(): "right" | "left" { return this.s.config.truncationSide; }
  set truncationSide(side: "right" | "left") {
    if (side !== "right" && side !== "left") throw new TokenizerInputError(`truncationSide must be "right" or "left"; got ${describeValue(side)}.`);
    this.s.config.truncationSide = side;
    this.s.overrides.truncationSide = side;
  }
  get cleanUpTokenizationSpaces(): boolean { return this.s.config.cleanUpTokenizationSpaces; }

  /** len(tokenizer) in transformers: distinct tokens, added tokens included. */
  get vocabSize(): number { return this.s.tokenToId.size; }

  getVocab(): Record<string, number> {
    return Object.fromEntries(this.s.tokenToId);
  }

  /** Number of special tokens the post-processor adds to one text (pair: false) or a pair. */
  numSpecialTokensToAdd(pair = false): number {
    return addedCount(this.s.postProcessor, pair);
  }

  /** Empties the pre-token cache (the benchmark's cold passes do this). */
  clearCache(): void {
    this.s.encoder.clearCache();
  }

  // ---- encoding ----------------------------------------------------------------------------

  private warnOnce(key: string, message: string): void {
    if (this.s.warned.has(key)) return;
    this.s.warned.add(key);
    console.warn(message);
  }

  /** Ids of one text without special tokens, as a fresh Int32Array. */
  private encodeRaw(text: string): Int32Array {
    const buf = this.s.buffer;
    buf.length = 0;
    this.s.encoder.encode(text, buf);
    return buf.data.slice(0, buf.length);
  }

  private encodeCall(texts: string | readonly string[], options: TokenizerCallOptions = {}): Encoding | BatchEncoding {
    const single = typeof texts === "string";
    if (!single && !Array.isArray(texts)) {
      throw new TokenizerInputError(`The tokenizer takes a string or an array of strings; got ${describeValue(texts)}.`);
    }
    checkOptionNames("tokenizer(...)", options, CALL_OPTIONS);
    const batch: readonly string[] = single ? [texts] : texts;
    batch.forEach((t, i) => checkText(t, single ? null : i, "text"));
    const pairs = this.pairsFor(options.textPair, batch.length, single);
    const addSpecial = options.addSpecialTokens ?? true;
    const { padding, truncation, maxLength } = resolveStrategies(options.padding, options.truncation, options.maxLength, this.modelMaxLength, (k, m) => this.warnOnce(k, m));
    const multiple = options.padToMultipleOf ?? null;
    if (multiple !== null && (!Number.isInteger(multiple) || multiple <= 0)) throw new TokenizerInputError(`padToMultipleOf must be a whole number > 0; got ${describeValue(multiple)}.`);
    if (truncation !== null && padding !== "none" && multiple !== null && maxLength !== null && maxLength % multiple !== 0) {
      throw new TokenizerInputError(`Truncation and padding are both activated but truncation length (${maxLength}) is not a multiple of padToMultipleOf (${multiple}).`);
    }
    const padId = padding === "none" ? 0 : this.padTokenId;
    if (padId === null) {
      throw new TokenizerInputError(
        "Asking to pad but the tokenizer does not have a padding token. Please select a token to use as padToken (tok.padToken = tok.eosToken e.g.).",
      );
    }

    const proc = this.s.postProcessor;
    const rowsIds: Int32Array[] = [];
    const rowsSpecial: Uint8Array[] = [];
    for (let i = 0; i < batch.length; i++) {
      // A big batch takes seconds: let an interrupt stop it between texts.
      throwIfAborted();
      let a = this.encodeRaw(batch[i]);
      let b = pairs ? this.encodeRaw(pairs[i]) : null;
      const isPair = b !== null;
      if (truncation !== null && maxLength !== null) {
        const added = addSpecial ? addedCount(proc, isPair) : 0;
        if (maxLength < added) throw new TokenizerInputError(`maxLength ${maxLength} is too small: the special tokens alone take ${added}. Use maxLength ≥ ${added + 1}.`);
        const [n1, n2] = truncatedLengths(a.length, b ? b.length : -1, maxLength - added, truncation);
        a = this.keep(a, n1);
        if (b) b = this.keep(b, n2);
      }
      const template: readonly TemplatePiece[] = addSpecial ? (isPair ? proc.pair : proc.single) : isPair ? ["A", "B"] : ["A"];
      let total = 0;
      for (const p of template) total += typeof p === "number" ? 1 : p === "A" ? a.length : (b?.length ?? 0);
      const ids = new Int32Array(total);
      const special = new Uint8Array(total);
      applyTemplate(template, a, b, ids, special);
      if (maxLength === null && total > this.modelMaxLength) {
        this.warnOnce(
          TOO_LONG_KEY,
          `Token indices sequence length is longer than the specified maximum sequence length for this model (${total} > ${this.modelMaxLength}). Running this sequence through the model will result in indexing errors`,
        );
      }
      rowsIds.push(ids);
      rowsSpecial.push(special);
    }

    let padTo = -1;
    if (padding === "longest") padTo = rowsIds.reduce((m, r) => Math.max(m, r.length), 0);
    else if (padding === "max_length") padTo = maxLength!;
    if (padTo >= 0 && multiple !== null && padTo % multiple !== 0) padTo += multiple - (padTo % multiple);

    const out: BatchEncoding = { input_ids: [], attention_mask: [] };
    if (options.returnSpecialTokensMask) out.special_tokens_mask = [];
    const left = this.paddingSide === "left";
    for (let i = 0; i < rowsIds.length; i++) {
      const ids = rowsIds[i];
      const pads = Math.max(0, padTo - ids.length);
      out.input_ids.push(padded(ids, pads, padId, left));
      out.attention_mask.push(padded(null, pads, 0, left, ids.length, 1));
      out.special_tokens_mask?.push(padded(rowsSpecial[i], pads, 1, left));
    }
    if (!single) return out;
    const one: Encoding = { input_ids: out.input_ids[0], attention_mask: out.attention_mask[0] };
    if (out.special_tokens_mask) one.special_tokens_mask = out.special_tokens_mask[0];
    return one;
  }

  private keep(ids: Int32Array, n: number): Int32Array {
    if (n >= ids.length) return ids;
    return this.truncationSide === "left" ? ids.subarray(ids.length - n) : ids.subarray(0, n);
  }

  private pairsFor(textPair: TokenizerCallOptions["textPair"], count: number, single: boolean): readonly string[] | null {
    if (textPair === undefined || textPair === null) return null;
    if (single) {
      checkText(textPair, null, "textPair");
      return [textPair as string];
    }
    if (!Array.isArray(textPair) || textPair.length !== count) {
      throw new TokenizerInputError(`textPair must be an array as long as the batch (${count}); got ${describeValue(textPair)}.`);
    }
    textPair.forEach((t, i) => checkText(t, i, "textPair"));
    return textPair;
  }

  /** transformers' tokenizer.encode: the input_ids of one text (or pair). */
  encode(text: string, options: TokenizerCallOptions & { textPair?: string } = {}): number[] {
    checkText(text, null, "text");
    return (this as unknown as (t: string, o: TokenizerCallOptions) => Encoding)(text, options).input_ids;
  }

  /** The token strings of one text, without special tokens (transformers' tokenize). */
  tokenize(text: string, options: { addSpecialTokens?: boolean } = {}): string[] {
    return this.convertIdsToTokens(this.encode(text, { addSpecialTokens: options.addSpecialTokens ?? false }));
  }

  // ---- ids and tokens ----------------------------------------------------------------------

  /** Token → id (added tokens first), or unk's id for an unknown token (null without unk), as transformers does. */
  convertTokensToIds(token: string): number | null;
  convertTokensToIds(tokens: readonly string[]): (number | null)[];
  convertTokensToIds(tokens: string | readonly string[]): number | null | (number | null)[] {
    const one = (t: string): number | null => this.s.tokenToId.get(t) ?? (this.s.specials.unk !== null ? this.s.tokenToId.get(this.s.specials.unk) ?? null : null);
    return typeof tokens === "string" ? one(tokens) : tokens.map(one);
  }

  convertIdsToTokens(id: number, options?: { skipSpecialTokens?: boolean }): string;
  convertIdsToTokens(ids: ArrayLike<number>, options?: { skipSpecialTokens?: boolean }): string[];
  convertIdsToTokens(ids: number | ArrayLike<number>, options: { skipSpecialTokens?: boolean } = {}): string | string[] {
    if (typeof ids === "number") return this.s.idToToken[this.checkIds([ids], "convertIdsToTokens")[0]]!;
    const checked = this.checkIds(ids, "convertIdsToTokens");
    const tokens: string[] = [];
    for (let i = 0; i < checked.length; i++) {
      const id = checked[i];
      if (!(options.skipSpecialTokens && this.s.specialAdded[id])) tokens.push(this.s.idToToken[id]!);
    }
    return tokens;
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    checkOptionNames("decode", options, DECODE_OPTIONS);
    const checked = this.checkIds(ids, "decode");
    const skip = options.skipSpecialTokens === true;
    const specialAdded = this.s.specialAdded;
    const text = this.s.decoder.decode(checked, skip ? (id) => specialAdded[id] === 1 : () => false);
    return (options.cleanUpTokenizationSpaces ?? this.cleanUpTokenizationSpaces) ? cleanUpTokenization(text) : text;
  }

  batchDecode(sequences: readonly ArrayLike<number>[], options: DecodeOptions = {}): string[] {
    return sequences.map((ids) => this.decode(ids, options));
  }

  /**
   * 1 where a special token is, as transformers' get_special_tokens_mask: with
   * alreadyHasSpecialTokens, marks ids in allSpecialIds; without, where the template would add them.
   */
  getSpecialTokensMask(ids: ArrayLike<number>, options: { pairIds?: ArrayLike<number>; alreadyHasSpecialTokens?: boolean } = {}): number[] {
    if (options.alreadyHasSpecialTokens) {
      const special = new Set(this.allSpecialIds);
      return Array.from(ids, (id) => (special.has(id) ? 1 : 0));
    }
    const a = Int32Array.from(ids);
    const b = options.pairIds ? Int32Array.from(options.pairIds) : null;
    const template = b ? this.s.postProcessor.pair : this.s.postProcessor.single;
    const n = a.length + (b?.length ?? 0) + addedCount(this.s.postProcessor, b !== null);
    const mask = new Uint8Array(n);
    applyTemplate(template, a, b, new Int32Array(n), mask);
    return Array.from(mask);
  }

  private checkIds(ids: ArrayLike<number>, what: string): ArrayLike<number> {
    if (ids === null || typeof ids !== "object" || typeof ids.length !== "number") {
      throw new TokenizerInputError(`${what} takes an array of token ids; got ${describeValue(ids)}.`);
    }
    const size = this.s.idToToken.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= size || this.s.idToToken[id] === undefined) {
        throw new TokenizerInputError(`${what}: item ${i} is ${describeValue(id)}, which is not a token id of this tokenizer (0 to ${size - 1}).`);
      }
    }
    return ids;
  }

  // ---- saving and hosting ------------------------------------------------------------------

  /**
   * Writes the tokenizer's files into `folder` (transformers' save_pretrained): the model files
   * as read, tokenizer_config.json and special_tokens_map.json with the current special tokens.
   * Returns the paths written.
   */
  async savePretrained(folder: string): Promise<string[]> {
    if (typeof folder !== "string" || folder === "") throw new TokenizerInputError(`savePretrained needs a folder path; got ${describeValue(folder)}.`);
    const s = this.s;
    return writeTokenizerFiles(folder, { files: s.files, model: s.model, specials: s.specials, additionalSpecialTokens: s.additionalSpecialTokens, addedTokens: s.addedTokens, config: s.config });
  }


  /** How a worker thread rebuilds an equal tokenizer: fromPretrained on the same folder with the same changes. */
  [WORKER_TRANSFERABLE](): WorkerRecipe {
    const overrides = { ...this.s.overrides, nameOrPath: this.nameOrPath };
    if (this.s.filesDigest === null) {
      const digest = createHash("sha256");
      const texts = this.s.files.texts;
      for (const name of [...texts.keys()].sort()) digest.update(`${name}\0${texts.get(name)}\0`);
      this.s.filesDigest = digest.digest("hex");
    }
    return {
      module: "mlm-notebook",
      export: "AutoTokenizer.fromPretrained",
      args: [this.s.files.folder, overrides],
      fingerprint: `${this.s.filesDigest}:${JSON.stringify(overrides)}`,
    };
  }

  /** console.log(tok) prints what transformers prints for a tokenizer. */
  [inspect.custom](): string {
    return this[REPR_MIMEBUNDLE]()["text/plain"] as string;
  }

  [REPR_MIMEBUNDLE](): MimeBundle {
    const specials = Object.fromEntries(SPECIAL_TOKEN_NAMES.filter((n) => this.s.specials[n] !== null).map((n) => [`${n}_token`, this.s.specials[n]]));
    return {
      "text/plain":
        `PreTrainedTokenizerFast(name_or_path='${this.nameOrPath}', vocab_size=${this.vocabSize}, model_max_length=${this.modelMaxLength}, ` +
        `padding_side='${this.paddingSide}', truncation_side='${this.truncationSide}', special_tokens=${JSON.stringify(specials)})`,
    };
  }
}

function checkText(text: unknown, index: number | null, what: string): void {
  if (typeof text === "string") return;
  const where = index === null ? `The ${what}` : `Item ${index} of the ${what === "text" ? "batch" : what}`;
  const fix = Array.isArray(text)
    ? 'To tokenize a list of strings (like a row of "answers.text") as one text, join it first: texts.map((x) => x.join(" ")).'
    : "The tokenizer encodes strings only: convert it, or drop such rows (e.g. with filter) before tokenizing.";
  throw new TokenizerInputError(`${where} is ${describeValue(text)}, not a string. ${fix}`);
}

/** A plain array of `body` (or `bodyLength` copies of `fill`) with `pads` copies of `pad` on one side. */
function padded(body: ArrayLike<number> | null, pads: number, pad: number, left: boolean, bodyLength = body?.length ?? 0, fill = 0): number[] {
  // Preallocated and filled by index: 2-3× faster than push for rows of a few hundred ids.
  const row: number[] = new Array(bodyLength + pads);
  const from = left ? pads : 0;
  for (let k = 0; k < pads; k++) row[left ? k : bodyLength + k] = pad;
  if (body) for (let k = 0; k < bodyLength; k++) row[from + k] = body[k];
  else for (let k = 0; k < bodyLength; k++) row[from + k] = fill;
  return row;
}
