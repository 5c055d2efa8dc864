"""transformers' RobertaForMaskedLM on a checkpoint folder our engine wrote: logits, loss and the
gradient of every parameter for one batch, in float64 (so the reference's own rounding is far
below the float32 error the tests measure), in evaluation mode (dropout off).

Run: python transformers_grads.py MODEL_DIR < batch.json > out.json
batch.json: {"input_ids": [[...]], "attention_mask": [[...]], "labels": [[...]]}
out.json: {"metadata": {...}, "loading_info": {...}, "loss": x, "logits": [...], "grads": {name: [flat values]}}
Names are transformers' parameter names with tied weights once (the decoder's weight is the word
embeddings'), as our engine names its parameters.
"""
import json
import sys

import torch
from safetensors import safe_open
from transformers import RobertaForMaskedLM


def main() -> None:
    folder = sys.argv[1]
    batch = json.load(sys.stdin)
    model, info = RobertaForMaskedLM.from_pretrained(folder, output_loading_info=True, attn_implementation="eager")
    model = model.double().eval()
    out = model(
        input_ids=torch.tensor(batch["input_ids"]),
        attention_mask=torch.tensor(batch["attention_mask"]),
        labels=torch.tensor(batch["labels"]),
    )
    out.loss.backward()
    grads = {name: p.grad.flatten().tolist() for name, p in model.named_parameters() if p.grad is not None}
    with safe_open(f"{folder}/model.safetensors", "pt") as f:
        metadata = f.metadata()
    json.dump({
        "metadata": metadata,
        "loading_info": {k: sorted(v) if isinstance(v, (set, list)) else str(v) for k, v in info.items()},
        "loss": out.loss.item(),
        "logits": out.logits.tolist(),
        "grads": grads,
        "shapes": {name: list(p.shape) for name, p in model.named_parameters()},
    }, sys.stdout)


if __name__ == "__main__":
    main()
