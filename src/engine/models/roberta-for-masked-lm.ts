// RobertaForMaskedLM on tfjs, matching transformers' modeling_roberta.py (eager attention):
// embeddings (word + RoBERTa positions + token type 0, LayerNorm, dropout), encoder layers
// (self-attention with the padding mask, dense, LayerNorm; intermediate GELU, dense, LayerNorm),
// and the LM head (dense, GELU, LayerNorm, decoder tied to the word embeddings, bias).
import * as tf from "@tensorflow/tfjs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gatherRows } from "./gather-rows";
import { addRow, crossEntropy, decoderCrossEntropy, dropout, embeddingLookup, gelu, layerNorm, linear, selfAttention, TiedTableGradient } from "./ops";
import { recordCall } from "../runtime/record";
import { makeFolder, WriteFailedError } from "../runtime/write-files";
import { RobertaConfig } from "./roberta-config";
import { initKind, parameterShapes } from "./roberta-weights";
import { floatToHalf, type TensorToWrite, writeSafetensors } from "./safetensors";

/** Rows of ids: number[][] or a 2-D int32 tensor (checked at run time). */
export type IdsInput = number[][] | tf.Tensor;

export interface MaskedLMInputs {
  input_ids: IdsInput;
  attention_mask?: IdsInput;
  /** Token ids to predict, -100 where nothing is predicted (HF's ignore_index). */
  labels?: IdsInput;
}

export interface ForwardOptions {
  /** Dropout on (as model.train() in PyTorch). Default false. */
  training?: boolean;
  /** Seeds this call's dropout; without it each training call draws the next seed from the model's. */
  seed?: number;
  /**
   * Return logits [batch, seq, vocab]. Default: true, except when training with labels, where the
   * LM head then runs only at labelled positions (~15% of them), several times faster.
   */
  returnLogits?: boolean;
}

export interface MaskedLMOutput {
  logits?: tf.Tensor3D;
  /** Mean cross-entropy over positions whose label is not -100. */
  loss?: tf.Scalar;
}

/** Rows of ids as one flat Int32Array, validated. */
interface IdRows {
  data: Int32Array;
  batch: number;
  seq: number;
}

function readRows(x: IdsInput, what: string): IdRows {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) throw new Error(`${what} must be 2-D [batch, sequence], got shape [${x.shape}].`);
    return { data: Int32Array.from(hostValues(x, what)), batch: x.shape[0], seq: x.shape[1]! };
  }
  if (!Array.isArray(x) || x.length === 0 || !Array.isArray(x[0])) throw new Error(`${what} must be a non-empty number[][] or a 2-D tensor.`);
  const seq = x[0].length;
  const data = new Int32Array(x.length * seq);
  x.forEach((row, i) => {
    if (row.length !== seq) {
      throw new Error(`${what} rows differ in length (row 0 has ${seq}, row ${i} has ${row.length}): pad the batch (a DataCollator does) before calling the model.`);
    }
    data.set(row, i * seq);
  });
  return { data, batch: x.length, seq };
}

/**
 * A tensor's values without a synchronous GPU read, which cannot work on webgpu in Node (and
 * would stall the GPU anyway). Tensors fresh from a collator, or read once with `await t.data()`,
 * keep their values on the host; the Trainer reads its batches so before calling forward.
 */
function hostValues(x: tf.Tensor, what: string): ArrayLike<number> {
  if (tf.getBackend() !== "webgpu") return x.dataSync();
  const backend = tf.engine().backend as unknown as { tensorMap?: { get(id: tf.DataId): { values?: ArrayLike<number> | null } | undefined } };
  const values = backend.tensorMap?.get(x.dataId)?.values;
  if (!values) throw new Error(`${what} is a tensor whose values live only on the GPU: await ${what}.data() before calling the model, or pass number[][].`);
  return values;
}

/** A small seeded generator (mulberry32) for per-call dropout seeds. */
function seededSeeds(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % 2147483647;
  };
}

let modelCount = 0;

export interface FromConfigOptions {
  /** Seeds the initial weights and the dropout seeds. Default 42 (the Trainer's default). */
  seed?: number;
}

export class RobertaForMaskedLM {
  readonly config: RobertaConfig;
  private readonly params: Map<string, tf.Variable>;
  private readonly nextSeed: () => number;
  private disposed = false;

  /** Takes ownership of `values` (HF name → data); use fromConfig / fromPretrained to build one. */
  constructor(config: RobertaConfig, values: Map<string, Float32Array>, options: FromConfigOptions = {}) {
    this.config = config;
    this.nextSeed = seededSeeds((options.seed ?? 42) + 1);
    this.params = new Map();
    modelCount++;
    for (const [name, shape] of parameterShapes(config)) {
      const data = values.get(name);
      if (!data) throw new Error(`missing weights for ${name}`);
      // tf.variable shares the initial tensor's buffer: dispose the tensor so only the variable holds it.
      const init = tf.tensor(data, shape, "float32");
      // tfjs wants variable names unique per process; the HF name stays the key of namedParameters().
      this.params.set(name, tf.variable(init, true, `${name}#${modelCount}`));
      init.dispose();
    }
  }

  /** A randomly initialised model, as transformers' _init_weights does it. */
  static fromConfig(config: RobertaConfig, options: FromConfigOptions = {}): RobertaForMaskedLM {
    recordCall("RobertaForMaskedLM.fromConfig", { config: config.toJSON(), seed: options.seed ?? 42 });
    return new RobertaForMaskedLM(config, initialValues(config, parameterShapes(config).keys(), options.seed ?? 42), options);
  }

  /** Parameters by HF name; the tied decoder weight is roberta.embeddings.word_embeddings.weight. */
  namedParameters(): Map<string, tf.Variable> {
    this.checkAlive();
    return this.params;
  }

  numParameters(): number {
    let n = 0;
    for (const v of this.params.values()) n += v.size;
    return n;
  }

  private p<T extends tf.Tensor = tf.Tensor1D>(name: string): T {
    return this.params.get(name) as unknown as T;
  }

  forward(inputs: MaskedLMInputs, options: ForwardOptions = {}): MaskedLMOutput {
    this.checkAlive();
    const c = this.config;
    const training = options.training ?? false;
    const ids = readRows(inputs.input_ids, "input_ids");
    const { batch: B, seq: S } = ids;
    const mask = inputs.attention_mask !== undefined ? readRows(inputs.attention_mask, "attention_mask") : null;
    const labels = inputs.labels !== undefined ? readRows(inputs.labels, "labels") : null;
    for (const [what, r] of [["attention_mask", mask], ["labels", labels]] as const) {
      if (r && (r.batch !== B || r.seq !== S)) throw new Error(`${what} has shape [${r.batch}, ${r.seq}] but input_ids has [${B}, ${S}]: they must match.`);
    }
    const { positions, keep } = this.positionsAndChecks(ids, labels);
    const labelled: number[] = [];
    if (labels) labels.data.forEach((l, i) => l !== -100 && labelled.push(i));
    const returnLogits = options.returnLogits ?? !(training && labels);
    const seeds = seededSeeds(options.seed ?? (training ? this.nextSeed() : 0));
    const drop = <T extends tf.Tensor>(x: T, rate: number): T => (training ? dropout(x, rate, seeds()) : x);

    return tf.tidy(() => {
      const H = c.hiddenSize;
      const nh = c.numAttentionHeads;
      const hd = c.headDim;
      const eps = c.layerNormEps;
      const idsT = tf.tensor1d(ids.data, "int32");
      const keepT = tf.tensor2d(keep, [B * S, 1]);
      const e = "roberta.embeddings.";
      // The decoder's gradient for the tied word embeddings, added to by their lookup's (ops.ts).
      const tied = new TiedTableGradient();
      let h = addRow(
        tf.add(embeddingLookup(this.p(`${e}word_embeddings.weight`), idsT, keepT, tied), embeddingLookup(this.p(`${e}position_embeddings.weight`), tf.tensor1d(positions, "int32"), keepT)),
        tf.reshape(tf.slice(this.p<tf.Tensor2D>(`${e}token_type_embeddings.weight`), [0, 0], [1, H]), [H]),
      );
      h = drop(layerNorm(h, this.p(`${e}LayerNorm.weight`), this.p(`${e}LayerNorm.bias`), eps), c.hiddenDropoutProb);

      // Extended attention mask: 0 where attended, float32's lowest value where padded (as HF).
      const maskAdd = mask ? tf.tensor4d(Float32Array.from(mask.data, (m) => (m ? 0 : -3.4028234663852886e38)), [B, 1, 1, S]) : null;
      for (let i = 0; i < c.numHiddenLayers; i++) {
        const p = `roberta.encoder.layer.${i}.`;
        const lin = (n: string, x: tf.Tensor2D): tf.Tensor2D => linear(x, this.p(`${p}${n}.weight`), this.p(`${p}${n}.bias`));
        const [q, k, v] = ["query", "key", "value"].map((n) => lin(`attention.self.${n}`, h));
        // The probabilities' dropout takes the next seed here, where drop() on them took it.
        const probsDrop = training ? { rate: c.attentionProbsDropoutProb, seed: seeds() } : null;
        const ctx = selfAttention(q, k, v, maskAdd, { batch: B, seq: S, heads: nh, headDim: hd }, probsDrop);
        const attn = layerNorm(
          tf.add(drop(lin("attention.output.dense", ctx), c.hiddenDropoutProb), h),
          this.p(`${p}attention.output.LayerNorm.weight`),
          this.p(`${p}attention.output.LayerNorm.bias`),
          eps,
        );
        const inter = gelu(lin("intermediate.dense", attn));
        h = layerNorm(tf.add(drop(lin("output.dense", inter), c.hiddenDropoutProb), attn), this.p(`${p}output.LayerNorm.weight`), this.p(`${p}output.LayerNorm.bias`), eps);
      }

      const transform = (x: tf.Tensor2D): tf.Tensor2D =>
        layerNorm(gelu(linear(x, this.p("lm_head.dense.weight"), this.p("lm_head.dense.bias"))), this.p("lm_head.layer_norm.weight"), this.p("lm_head.layer_norm.bias"), eps);
      const decoder = this.p<tf.Tensor2D>(`${e}word_embeddings.weight`);
      // The decoder tied to the word embeddings [V, H] is a linear layer y·Wᵀ + b: with products on
      // onnxruntime (the wasm default) this layout took 51 ms at N = 174, (W·yᵀ)ᵀ + b 61 ms.
      const head = (x: tf.Tensor2D): tf.Tensor2D => linear(transform(x), decoder, this.p("lm_head.bias"));
      const out: MaskedLMOutput = {};
      const labelledIdx = labelled.length > 0 ? tf.tensor1d(labelled, "int32") : null;
      const labelledTargets = labelled.length > 0 ? tf.tensor1d(labelled.map((i) => labels!.data[i]), "int32") : null;
      if (returnLogits) {
        const logits = head(h);
        out.logits = tf.reshape(logits, [B, S, c.vocabSize]) as tf.Tensor3D;
        if (labels) out.loss = labelledIdx ? crossEntropy(gatherRows(logits, labelledIdx), labelledTargets!) : tf.scalar(NaN);
      } else if (labels) {
        // Only labelled positions need the 50k-wide head; HF computes it everywhere and ignores the rest.
        out.loss = labelledIdx ? decoderCrossEntropy(transform(gatherRows(h, labelledIdx)), decoder, this.p("lm_head.bias"), labelledTargets!, tied) : tf.scalar(NaN);
      }
      return out as tf.TensorContainerObject;
    }) as MaskedLMOutput;
  }

  /** Position ids as RoBERTa makes them, plus input checks that need the ids. */
  private positionsAndChecks(ids: IdRows, labels: IdRows | null): { positions: Int32Array; keep: Float32Array } {
    const c = this.config;
    const pad = c.padTokenId;
    const positions = new Int32Array(ids.data.length);
    const keep = new Float32Array(ids.data.length);
    for (let b = 0; b < ids.batch; b++) {
      let count = 0;
      for (let t = 0; t < ids.seq; t++) {
        const i = b * ids.seq + t;
        const id = ids.data[i];
        if (!(id >= 0 && id < c.vocabSize)) {
          throw new Error(`input_ids[${b}][${t}] is ${id}, outside the vocabulary [0, ${c.vocabSize}): the tokenizer does not match this model (vocab_size ${c.vocabSize}).`);
        }
        if (labels) {
          const l = labels.data[i];
          if (l !== -100 && !(l >= 0 && l < c.vocabSize)) throw new Error(`labels[${b}][${t}] is ${l}: labels must be token ids below ${c.vocabSize} or -100 (ignored).`);
        }
        if (id !== pad) {
          count++;
          positions[i] = count + pad;
          keep[i] = 1;
        } else positions[i] = pad;
      }
      if (count > c.maxSequenceLength) {
        throw new Error(
          `sequence ${b} has ${count} tokens but this model takes at most ${c.maxSequenceLength} ` +
            `(max_position_embeddings ${c.maxPositionEmbeddings} minus ${pad + 1}): truncate or use a smaller block size.`,
        );
      }
    }
    return { positions, keep };
  }

  /**
   * Writes config.json and model.safetensors with transformers' names and shapes; `dtype: "F16"`
   * stores half-precision weights (half the file, as `model.half().save_pretrained()` would).
   */
  async savePretrained(folder: string, options: { dtype?: "F32" | "F16" } = {}): Promise<void> {
    this.checkAlive();
    const dtype = options.dtype ?? "F32";
    const tensors = new Map<string, TensorToWrite>();
    for (const [name, v] of this.params) {
      const data = (await v.data()) as Float32Array;
      tensors.set(name, dtype === "F16" ? { dtype, shape: v.shape, data: floatToHalf(data) } : { dtype, shape: v.shape, data });
    }
    try {
      await makeFolder(folder);
      await writeFile(join(folder, "config.json"), `${JSON.stringify(this.config.toJSON(), null, 2)}\n`);
      // transformers refuses safetensors files without metadata.format.
      await writeSafetensors(join(folder, "model.safetensors"), tensors, { format: "pt" });
    } catch (e) {
      throw new WriteFailedError(folder, "the model", e);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    for (const v of this.params.values()) v.dispose();
    this.disposed = true;
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error("This model was disposed; load or create it again.");
  }
}

/** transformers' _init_weights: normal(0, initializer_range), zero biases, LayerNorm ones, zero padding rows. */
export function initialValues(config: RobertaConfig, names: Iterable<string>, seed: number): Map<string, Float32Array> {
  const shapes = parameterShapes(config);
  const out = new Map<string, Float32Array>();
  let n = 0;
  for (const name of names) {
    const shape = shapes.get(name)!;
    const size = shape.reduce((a, b) => a * b, 1);
    const kind = initKind(name);
    let data: Float32Array;
    if (kind === "normal") {
      // tfjs reads a seed of 0 as none (Math.random): 0.5 stands in for it (seed·1000 + n never gives 0.5).
      const t = tf.randomNormal(shape, 0, config.initializerRange, "float32", seed * 1000 + n || 0.5);
      data = t.dataSync() as Float32Array;
      t.dispose();
      if (name === "roberta.embeddings.word_embeddings.weight" || name === "roberta.embeddings.position_embeddings.weight") {
        data.fill(0, config.padTokenId * shape[1], (config.padTokenId + 1) * shape[1]);
      }
    } else data = new Float32Array(size).fill(kind === "ones" ? 1 : 0);
    out.set(name, data);
    n++;
  }
  return out;
}
