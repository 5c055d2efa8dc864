"""Reference for the optimizer pieces of our Trainer: torch.optim.AdamW with HF's parameter
groups (no decay on biases and LayerNorm weights), a linear LambdaLR with warmup as
transformers.get_linear_schedule_with_warmup, and clip_grad_norm_ at max_norm, on a small
named model whose loss our test rebuilds with tfjs ops. Writes
test/fixtures/trainer-adamw/reference.json. Run: /usr/bin/python3 scripts/reference/trainer_adamw.py
"""
import json
import os

import torch

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "trainer-adamw", "reference.json")

N, D_IN, HIDDEN, D_OUT = 6, 5, 8, 4
STEPS, LR, WD, MAX_NORM, WARMUP = 4, 0.05, 0.1, 0.5, 1
BETAS, EPS = (0.9, 0.999), 1e-8

params = {
    "dense.weight": torch.randn(HIDDEN, D_IN),
    "dense.bias": torch.randn(HIDDEN) * 0.1,
    "LayerNorm.weight": 1 + 0.1 * torch.randn(HIDDEN),
    "LayerNorm.bias": 0.1 * torch.randn(HIDDEN),
    "decoder.weight": torch.randn(D_OUT, HIDDEN) * 0.5,
}
x = torch.randn(N, D_IN)
y = torch.randn(N, D_OUT)
initial = {k: v.clone() for k, v in params.items()}
for v in params.values():
    v.requires_grad_(True)


def loss_fn(p):
    h = torch.tanh(x @ p["dense.weight"].T + p["dense.bias"])
    h = torch.nn.functional.layer_norm(h, (HIDDEN,), p["LayerNorm.weight"], p["LayerNorm.bias"], eps=1e-5)
    return ((h @ p["decoder.weight"].T - y) ** 2).mean()


def no_decay(name):
    return "bias" in name or "layernorm" in name.lower() or "layer_norm" in name.lower()


groups = [
    {"params": [v for k, v in params.items() if not no_decay(k)], "weight_decay": WD},
    {"params": [v for k, v in params.items() if no_decay(k)], "weight_decay": 0.0},
]
opt = torch.optim.AdamW(groups, lr=LR, betas=BETAS, eps=EPS)


def linear(step):
    if step < WARMUP:
        return step / max(1, WARMUP)
    return max(0.0, (STEPS - step) / max(1, STEPS - WARMUP))


sched = torch.optim.lr_scheduler.LambdaLR(opt, linear)
steps = []
for _ in range(STEPS):
    lr = sched.get_last_lr()[0]
    loss = loss_fn(params)
    opt.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(list(params.values()), MAX_NORM)
    opt.step()
    sched.step()
    steps.append({
        "loss": loss.item(), "grad_norm": norm.item(), "lr": lr,
        "params": {k: v.detach().flatten().tolist() for k, v in params.items()},
    })

fixture = {
    "torch": torch.__version__,
    "config": {"steps": STEPS, "lr": LR, "weight_decay": WD, "max_grad_norm": MAX_NORM, "warmup_steps": WARMUP, "betas": BETAS, "eps": EPS, "layer_norm_eps": 1e-5},
    "shapes": {k: list(v.shape) for k, v in initial.items()},
    "initial": {k: v.flatten().tolist() for k, v in initial.items()},
    "x": x.tolist(), "y": y.tolist(),
    "steps": steps,
}
with open(OUT, "w") as f:
    json.dump(fixture, f)
print(f"wrote {os.path.normpath(OUT)}: {STEPS} steps, final loss {steps[-1]['loss']:.6f}")
