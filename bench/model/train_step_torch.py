"""One training step (forward + backward + AdamW) of the plain-PyTorch RobertaForMaskedLM,
batch 8 x 128, LM head only at the labelled positions (as ours), same deterministic batch.
Usage: OMP_NUM_THREADS=2 bench/.work/venv/bin/python bench/model/train_step_torch.py tiny|distil [steps]
Prints JSON."""
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "reference"))
from roberta_torch import RobertaConfig, RobertaForMaskedLM  # noqa: E402

which = "distil" if len(sys.argv) > 1 and sys.argv[1] == "distil" else "tiny"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else (10 if which == "tiny" else 4)
B, S = 8, 128
common = dict(vocab_size=50265, max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-5)
if which == "tiny":
    config = RobertaConfig(hidden_size=128, num_hidden_layers=2, num_attention_heads=2, intermediate_size=512, **common)
else:
    config = RobertaConfig(hidden_size=768, num_hidden_layers=6, num_attention_heads=12, intermediate_size=3072, **common)

torch.manual_seed(0)
model = RobertaForMaskedLM(config).train()
no_decay = [p for n, p in model.named_parameters() if "bias" in n or "LayerNorm" in n or "layer_norm" in n]
decay = [p for n, p in model.named_parameters() if not ("bias" in n or "LayerNorm" in n or "layer_norm" in n)]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=5e-5)

state = 12345


def rand():
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648


ids = [[3 + int(rand() * 50000) for _ in range(S)] for _ in range(B)]
labels = [[t if rand() < 0.15 else -100 for t in row] for row in ids]
ids, labels = torch.tensor(ids), torch.tensor(labels)

times = []
cpu_times = []  # CPU time of the process (all threads): steadier than wall time on a shared machine
for i in range(2 + steps):
    t0 = time.perf_counter()
    c0 = time.process_time()
    opt.zero_grad()
    _, loss = model(ids, None, labels, head_only_at_labels=True)
    loss.backward()
    opt.step()
    ms = (time.perf_counter() - t0) * 1000
    if i >= 2:
        times.append(ms)
        cpu_times.append((time.process_time() - c0) * 1000)
times.sort()
cpu_times.sort()
median = times[len(times) // 2]
cpu_median = cpu_times[len(cpu_times) // 2]
print(json.dumps({
    "impl": "pytorch", "config": which, "torch": torch.__version__, "threads": torch.get_num_threads(),
    "batch": B, "seq": S, "params": sum(p.numel() for p in model.parameters()), "steps": len(times), "labelled": int((labels != -100).sum()),
    "medianMs": round(median), "tokensPerSec": round(B * S * 1000 / median),
    "cpuMsPerStep": round(cpu_median), "tokensPerCpuSec": round(B * S * 1000 / cpu_median), "loss": float(loss),
    "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
