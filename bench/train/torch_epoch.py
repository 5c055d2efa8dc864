"""The PyTorch side of bench/train: one epoch of a plain PyTorch training loop over the same
blocks with the same model (scripts/reference/roberta_torch.py, the small config), as HF's
Trainer runs it: shuffled batches, MLM masking 15% (80/10/10), AdamW with no decay on biases and
LayerNorm weights, linear schedule, clip_grad_norm_ 1.0. Prints one JSON line.
Usage: OMP_NUM_THREADS=2 bench/.work/venv/bin/python bench/train/torch_epoch.py <folder> head
  folder: where trainer-epoch.ts wrote blocks.json and torch-config.json
  head: "labelled" (LM head at masked positions only, as ours) or "all" (as transformers)
"""
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "reference"))
from roberta_torch import RobertaConfig, RobertaForMaskedLM  # noqa: E402

blocks = torch.tensor(json.load(open(os.path.join(sys.argv[1], "blocks.json"))))
cfg = json.load(open(os.path.join(sys.argv[1], "torch-config.json")))
head_only = sys.argv[2] == "labelled"
batch, warmup_steps = cfg.pop("batch"), cfg.pop("warmup_steps")
special = torch.tensor(cfg.pop("special_ids"))
mask_id = cfg.pop("mask_token_id")
torch.manual_seed(42)
model = RobertaForMaskedLM(RobertaConfig.from_dict(cfg)).train()

named = list(model.named_parameters())
no_decay = lambda n: "bias" in n or "layernorm" in n.lower() or "layer_norm" in n.lower()  # noqa: E731
opt = torch.optim.AdamW([
    {"params": [p for n, p in named if not no_decay(n)], "weight_decay": 0.01},
    {"params": [p for n, p in named if no_decay(n)], "weight_decay": 0.0},
], lr=2e-5)
steps = (len(blocks) + batch - 1) // batch
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, (steps - s) / max(1, steps)))


def mask(ids):
    """DataCollatorForLanguageModeling's torch_mask_tokens."""
    labels = ids.clone()
    prob = torch.full(ids.shape, 0.15)
    prob[torch.isin(ids, special)] = 0.0
    chosen = torch.bernoulli(prob).bool()
    labels[~chosen] = -100
    replaced = torch.bernoulli(torch.full(ids.shape, 0.8)).bool() & chosen
    ids = ids.clone()
    ids[replaced] = mask_id
    rand = torch.bernoulli(torch.full(ids.shape, 0.5)).bool() & chosen & ~replaced
    ids[rand] = torch.randint(cfg["vocab_size"], ids.shape)[rand]
    return ids, labels


order = torch.randperm(len(blocks))
ends, cpu_ends, losses = [], [], []
start = time.perf_counter()
for s in range(steps):
    ids, labels = mask(blocks[order[s * batch:(s + 1) * batch]])
    _, loss = model(ids, torch.ones_like(ids), labels, head_only_at_labels=head_only)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    losses.append(loss.item())
    ends.append(time.perf_counter())
    cpu_ends.append(time.process_time())  # all threads of the process, as ours
total = time.perf_counter() - start
steady_steps = steps - 1 - warmup_steps
steady_seconds = ends[steps - 2] - ends[warmup_steps - 1]
print(json.dumps({
    "side": f"torch-{sys.argv[2]}",
    "torch": torch.__version__, "threads": torch.get_num_threads(),
    "blocks": len(blocks), "steps": steps, "epochSeconds": total,
    "steadyTokensPerSecond": steady_steps * batch * blocks.shape[1] / steady_seconds,
    "steadyTokensPerCpuSecond": steady_steps * batch * blocks.shape[1] / (cpu_ends[steps - 2] - cpu_ends[warmup_steps - 1]),
    "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "firstLoss": losses[0], "lastLoss": losses[-1],
}))
