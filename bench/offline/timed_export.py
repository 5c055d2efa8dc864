"""Runs an exported notebook script (`mlm-notebook export … --to py`) unchanged under transformers,
timing its Trainer.train() and Trainer.evaluate() calls from outside the script, and prints one JSON
line after the script's own output. Peak memory is measured by the caller (/usr/bin/time).
Usage: bench/.work/venv/bin/python bench/offline/timed_export.py SCRIPT.py"""
import json
import resource
import runpy
import sys
import time

import torch
import transformers

calls = []


def timed(name, method):
    def wrapper(self, *args, **kwargs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = method(self, *args, **kwargs)
        calls.append({"call": name, "seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0,
                      "steps": self.state.global_step, "metrics": getattr(out, "metrics", out)})
        return out
    return wrapper


transformers.Trainer.train = timed("train", transformers.Trainer.train)
transformers.Trainer.evaluate = timed("evaluate", transformers.Trainer.evaluate)
started = time.perf_counter()
runpy.run_path(sys.argv[1], run_name="__main__")
# Evaluations inside train() (eval_strategy "epoch") are counted in train's time and listed too.
print(json.dumps({"side": "transformers", "torch": torch.__version__, "transformers": transformers.__version__,
                  "threads": torch.get_num_threads(), "scriptSeconds": time.perf_counter() - started, "calls": calls,
                  "selfPeakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
