"""Writes test/fixtures/tiny-roberta: a tiny random RoBERTa in the HF layout and PyTorch's
logits, loss and parameter gradients for inputs with padding, for the tfjs parity tests.

Run: /usr/bin/python3 scripts/reference/make_tiny_roberta.py [out_folder]
Seeded: a rerun writes the same configs and inputs; what PyTorch computes (weights, logits,
loss, gradients) agrees to float noise, which varies with the CPU and the PyTorch version, so
test/models/parity.test.ts compares those within a tolerance.

Weights are drawn wider than HF's initializer (std 0.2, LayerNorm and biases non-trivial) so
that every parameter visibly moves the logits. f16/ and bf16/ hold the same weights stored in
half precision, with the logits PyTorch computes from those rounded weights.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from roberta_torch import TIED, RobertaConfig, RobertaForMaskedLM, read_safetensors, write_safetensors  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "tiny-roberta")

CONFIG = RobertaConfig(
    vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
    max_position_embeddings=24, type_vocab_size=1, layer_norm_eps=1e-5, pad_token_id=1,
)

# Three rows of 12: one full, two right-padded (pad id 1); 0 = <s>, 2 = </s>, 3 = <mask> here.
INPUT_IDS = [
    [0, 45, 3, 17, 88, 101, 3, 9, 63, 77, 119, 2],
    [0, 12, 13, 3, 56, 2, 1, 1, 1, 1, 1, 1],
    [0, 3, 99, 2, 1, 1, 1, 1, 1, 1, 1, 1],
]
ATTENTION_MASK = [[int(t != 1) for t in row] for row in INPUT_IDS]
LABELS = [
    [-100, -100, 33, -100, -100, 101, 64, -100, -100, -100, -100, -100],
    [-100, -100, -100, 5, -100, -100, -100, -100, -100, -100, -100, -100],
    [-100, 7, 99, -100, -100, -100, -100, -100, -100, -100, -100, -100],
]


def build():
    torch.manual_seed(1234)
    model = RobertaForMaskedLM(CONFIG)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("LayerNorm.weight") or name.endswith("layer_norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            else:
                p.copy_(0.2 * torch.randn_like(p))
    return model.eval()


def run(model):
    ids = torch.tensor(INPUT_IDS)
    with torch.no_grad():
        logits, loss = model(ids, torch.tensor(ATTENTION_MASK), torch.tensor(LABELS))
    return {"logits": [[[float(x) for x in pos] for pos in row] for row in logits.tolist()], "loss": float(loss)}


def write_folder(folder, model, dtype):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(CONFIG.to_dict(), f, indent=2, sort_keys=True)
        f.write("\n")
    path = os.path.join(folder, "model.safetensors")
    # The pooler is in distilroberta's checkpoint but unused by the masked LM: include one to check it is reported.
    tensors = dict(model.file_state_dict())
    if dtype == "F32":
        tensors["roberta.pooler.dense.weight"] = torch.zeros(CONFIG.hidden_size, CONFIG.hidden_size)
        tensors["roberta.pooler.dense.bias"] = torch.zeros(CONFIG.hidden_size)
    write_safetensors(path, tensors, dtype=dtype, metadata={"format": "pt"})
    # Logits from the weights exactly as stored (rounded to half precision for F16/BF16).
    stored = RobertaForMaskedLM(CONFIG)
    stored.load_file_state_dict(read_safetensors(path))
    return run(stored.eval())


def main():
    model = build()
    expected = write_folder(OUT, model, "F32")
    expected.update(input_ids=INPUT_IDS, attention_mask=ATTENTION_MASK, labels=LABELS, torch_version=torch.__version__.split("+")[0])
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")
    # Gradients of that loss for every stored parameter (the tied decoder's flow into the word embeddings).
    ids, mask, labels = torch.tensor(INPUT_IDS), torch.tensor(ATTENTION_MASK), torch.tensor(LABELS)
    model.zero_grad()
    model(ids, mask, labels)[1].backward()
    grads = {name: p.grad for name, p in model.named_parameters() if name not in TIED}
    write_safetensors(os.path.join(OUT, "expected_grads.safetensors"), grads)
    for dtype in ("F16", "BF16"):
        sub = os.path.join(OUT, dtype.lower())
        half = write_folder(sub, model, dtype)
        with open(os.path.join(sub, "expected.json"), "w") as f:
            json.dump(half, f)
            f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: loss {expected['loss']:.8f}")


if __name__ == "__main__":
    main()
