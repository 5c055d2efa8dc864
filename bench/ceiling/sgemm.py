"""sgemm GFLOP/s through numpy (its OpenBLAS) and torch (its MKL), the shapes of shapes.json; one JSON line.
Usage: bench/.work/venv/bin/python bench/ceiling/sgemm.py numpy|torch [seconds per shape]
Threads: OPENBLAS_NUM_THREADS / OMP_NUM_THREADS from the caller (run.mjs sets 2)."""
import json
import os
import sys
import time

import numpy as np

side = sys.argv[1]
budget = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
shapes = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "shapes.json")))["shapes"]
if side == "torch":
    import torch
    torch.set_grad_enabled(False)
    library = f"torch {torch.__version__} (MKL, {torch.get_num_threads()} threads)"
else:
    cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    library = f"numpy {np.__version__} ({cfg['name']} {cfg['version']}, {os.environ.get('OPENBLAS_NUM_THREADS')} threads)"


def measure(m, k, n):
    a = ((np.arange(m * k) * 7 % 13) / 13 - 0.5).astype(np.float32).reshape(m, k)
    b = ((np.arange(k * n) * 5 % 11) / 11 - 0.5).astype(np.float32).reshape(k, n)
    c = np.empty((m, n), np.float32)
    if side == "torch":
        a, b, c = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(c)
        once = lambda: torch.matmul(a, b, out=c)  # noqa: E731
    else:
        once = lambda: np.matmul(a, b, out=c)  # noqa: E731
    for _ in range(3):
        once()
    times = []
    end = time.perf_counter() + budget
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    times.sort()
    gflop = 2 * m * k * n / 1e9
    return {"shape": [m, k, n], "best": gflop / times[0], "median": gflop / times[len(times) // 2], "calls": len(times)}


print(json.dumps({"side": side, "library": library, "shapes": [measure(*s) for s in shapes]}))
