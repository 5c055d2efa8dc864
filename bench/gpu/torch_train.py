"""The PyTorch reference for bench/gpu: transformers' RobertaForMaskedLM (and our plain-PyTorch
mirror of it, see implementations()), fp32, eager (no torch.compile), trained the way the Trainer trains (dropout on, clip_grad_norm_ 1.0, AdamW
without decay on biases and LayerNorm weights, loss read back every step), on the same batch
and with the same timing rule as webgpu-train.ts (bench-common.ts). Appends one JSON line per
(model, batch) to --out.

Run: python3 bench/gpu/torch_train.py --configs bench/gpu/configs.json --run full --out FILE
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch


def rng(seed):
    """mulberry32, as bench-common.ts, so both sides train on the same batch."""
    s = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        nonlocal s
        s = (s + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(s ^ (s >> 15), s | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def masked_batch(batch, seq, vocab, p, seed):
    r = rng(seed)
    mask = vocab - 1
    ids, labels = [], []
    for _ in range(batch):
        row, lab = [0], [-100]
        for _ in range(1, seq - 1):
            tok = 3 + int(r() * (vocab - 4))
            chosen = r() < p
            row.append(mask if chosen else tok)
            lab.append(tok if chosen else -100)
        row.append(2)
        lab.append(-100)
        ids.append(row)
        labels.append(lab)
    return torch.tensor(ids), torch.tensor(labels)


def steady_state(step, plan, sync):
    last = float("nan")
    for _ in range(plan["warmup"]):
        last = step()
    times = []
    sync()
    start = time.perf_counter()
    while len(times) < plan["steps"] and (not times or time.perf_counter() - start < plan["maxSeconds"]):
        t0 = time.perf_counter()
        last = step()
        times.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - start
    return {"steps": len(times), "seconds": seconds, "medianStepMs": statistics.median(times) * 1000, "lastLoss": last}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", required=True)
    ap.add_argument("--run", default="full")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    configs = json.load(open(args.configs))
    plan = configs["runs"][args.run]
    train = configs["train"]

    cuda = torch.cuda.is_available()
    dev = torch.device("cuda" if cuda else "cpu")
    device = torch.cuda.get_device_name() if cuda else "cpu"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32 means fp32: no TF32 tensor-core shortcut
    torch.backends.cudnn.allow_tf32 = False

    def emit(row):
        with open(args.out, "a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)

    for impl in implementations():
        for name in plan["models"]:
            for b in plan["batches"]:
                row = {"side": impl["side"], "model": name, "batch": b, "seq": plan["seq"], "device": device, "torch": torch.__version__, **impl["about"]}
                if "error" in impl:
                    emit({**row, "error": impl["error"]})
                    continue
                torch.manual_seed(train["seed"])
                model = impl["build"](configs["models"][name]).to(dev).train()
                named = list(model.named_parameters())
                no_decay = lambda n: "bias" in n or "LayerNorm" in n or "layer_norm" in n  # noqa: E731
                opt = torch.optim.AdamW([{"params": [p for n, p in named if not no_decay(n)], "weight_decay": train["weight_decay"]},
                                         {"params": [p for n, p in named if no_decay(n)], "weight_decay": 0.0}],
                                        lr=train["learning_rate"], betas=(0.9, 0.999), eps=1e-8)
                ids, labels = masked_batch(b, plan["seq"], configs["models"][name]["vocab_size"], train["mlm_probability"], train["seed"])
                ids, labels = ids.to(dev), labels.to(dev)
                attn = torch.ones_like(ids)

                def step():
                    loss = impl["loss"](model, ids, attn, labels)
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(model.parameters(), train["max_grad_norm"])
                    opt.step()
                    opt.zero_grad(set_to_none=True)
                    return loss.item()

                try:
                    m = steady_state(step, plan, sync)
                    row.update(m, tokensPerSec=m["steps"] * b * plan["seq"] / m["seconds"])
                except RuntimeError as e:  # CUDA out of memory and the like: record, go on
                    row["error"] = str(e).split("\n")[0]
                emit(row)
                del model, opt
                if cuda:
                    torch.cuda.empty_cache()


def implementations():
    """transformers' model (the reference the target is set against) and our plain-PyTorch
    mirror of it (scripts/reference/roberta_torch.py) run with the LM head only at labelled
    positions, the same shortcut our tfjs model takes, so the two sides can also be compared
    algorithm for algorithm."""
    out = []
    try:
        import transformers
        from transformers import RobertaConfig, RobertaForMaskedLM

        out.append({
            "side": "pytorch",
            "about": {"impl": f"transformers {transformers.__version__}"},
            "build": lambda cfg: RobertaForMaskedLM(RobertaConfig(**cfg)),
            "loss": lambda model, ids, attn, labels: model(input_ids=ids, attention_mask=attn, labels=labels).loss,
        })
    except ImportError as e:
        out.append({"side": "pytorch", "about": {}, "error": f"transformers is not importable here ({e}); the GPU machine has it"})
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "reference"))
    import roberta_torch

    out.append({
        "side": "pytorch-labelled-head",
        "about": {"impl": "scripts/reference/roberta_torch.py, LM head at labelled positions"},
        "build": lambda cfg: roberta_torch.RobertaForMaskedLM(roberta_torch.RobertaConfig.from_dict(cfg)),
        "loss": lambda model, ids, attn, labels: model(ids, attn, labels, head_only_at_labels=True)[1],
    })
    return out


if __name__ == "__main__":
    main()
