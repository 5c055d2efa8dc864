"""The Trainer's optimizer parity reference: 3 steps on the tiny RoBERTa fixture with one fixed
batch, as transformers' Trainer does them in PyTorch: torch.optim.AdamW with HF's parameter
groups (no weight decay on biases and LayerNorm weights), the linear schedule as a LambdaLR
(get_linear_schedule_with_warmup), and clip_grad_norm_ at max_grad_norm before each step.

Dropout is set to 0 in the config: torch's and tfjs's dropout masks cannot be the same draws.
Writes test/fixtures/trainer-parity/: model/ (config + the starting weights), batch.json,
expected.json (loss, grad norm, rate per step, and the arguments) and after-3-steps.safetensors.
Run: /usr/bin/python3 scripts/reference/trainer_parity.py   (deterministic: reruns write the same bytes)
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from roberta_torch import RobertaConfig, RobertaForMaskedLM, read_safetensors, write_safetensors  # noqa: E402

ROOT = os.path.join(HERE, "..", "..")
SOURCE = os.path.join(ROOT, "test", "fixtures", "tiny-roberta")
OUT = os.path.join(ROOT, "test", "fixtures", "trainer-parity")

# TrainingArguments of the run (HF names). lr is large so 3 steps move every parameter well past
# float32 noise; max_grad_norm is below the first gradient norm so clipping really scales.
# adam_epsilon is 1e-5, not HF's 1e-8: the attention key biases have a true gradient of 0
# (softmax ignores a shift shared by a query's scores), so each framework's ~1e-9 rounding
# noise there, divided by its own square root with a tiny epsilon, becomes a full-size step in a
# random direction. 1e-5 damps that noise below 1e-5 while staying small against the real
# gradients (~1e-3 after clipping), and puts epsilon's placement (outside the sqrt) to the test.
ARGS = {"learning_rate": 1e-2, "weight_decay": 0.1, "adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-5,
        "max_grad_norm": 1.0, "lr_scheduler_type": "linear", "warmup_steps": 0, "max_steps": 3}


def no_decay(name):
    # transformers' get_decay_parameter_names: LayerNorm parameters and every bias.
    return "bias" in name or "layernorm" in name.lower() or "layer_norm" in name.lower()


def main():
    with open(os.path.join(SOURCE, "config.json")) as f:
        cfg = json.load(f)
    cfg.update(hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    config = RobertaConfig.from_dict(cfg)
    model = RobertaForMaskedLM(config)
    model.load_file_state_dict(read_safetensors(os.path.join(SOURCE, "model.safetensors")))
    model.train()
    with open(os.path.join(SOURCE, "expected.json")) as f:
        fixture = json.load(f)
    ids = torch.tensor(fixture["input_ids"])
    mask = torch.tensor(fixture["attention_mask"])
    labels = torch.tensor(fixture["labels"])

    os.makedirs(os.path.join(OUT, "model"), exist_ok=True)
    with open(os.path.join(OUT, "model", "config.json"), "w") as f:
        json.dump(config.to_dict(), f, indent=2, sort_keys=True)
        f.write("\n")
    write_safetensors(os.path.join(OUT, "model", "model.safetensors"), model.file_state_dict(), metadata={"format": "pt"})
    with open(os.path.join(OUT, "batch.json"), "w") as f:
        rows = [{"input_ids": i, "attention_mask": m, "labels": l} for i, m, l in zip(fixture["input_ids"], fixture["attention_mask"], fixture["labels"])]
        json.dump(rows, f)
        f.write("\n")

    named = list(model.named_parameters())  # tied weights appear once, as transformers' Trainer sees them
    groups = [
        {"params": [p for n, p in named if not no_decay(n)], "weight_decay": ARGS["weight_decay"]},
        {"params": [p for n, p in named if no_decay(n)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=ARGS["learning_rate"], betas=(ARGS["adam_beta1"], ARGS["adam_beta2"]), eps=ARGS["adam_epsilon"])
    total, warmup = ARGS["max_steps"], ARGS["warmup_steps"]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / max(1, warmup) if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))
    steps = []
    for _ in range(total):
        lr = sched.get_last_lr()[0]
        _, loss = model(ids, mask, labels)
        opt.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_([p for _, p in named], ARGS["max_grad_norm"])
        opt.step()
        sched.step()
        steps.append({"loss": loss.item(), "grad_norm": norm.item(), "learning_rate": lr})
    assert steps[0]["grad_norm"] > ARGS["max_grad_norm"], "clipping must engage for the check to mean anything"

    write_safetensors(os.path.join(OUT, "after-3-steps.safetensors"), model.file_state_dict(), metadata={"format": "pt"})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "args": ARGS, "no_decay": [n for n, _ in named if no_decay(n)], "steps": steps}, f, indent=2)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: losses {[round(s['loss'], 5) for s in steps]}, grad norms {[round(s['grad_norm'], 4) for s in steps]}")


if __name__ == "__main__":
    main()
