"""Runs an exported notebook script (`mlm-notebook export … --to py`) unchanged under transformers,
timing its Trainer.train() and Trainer.evaluate() calls from outside the script, and prints one JSON
line after the script's own output. Peak memory is measured by the caller (/usr/bin/time).
Usage: [BENCH_HEAD_AT_LABELS=1] bench/.work/venv/bin/python bench/offline/timed_export.py SCRIPT.py
BENCH_HEAD_AT_LABELS=1 runs the LM head at the labelled positions only, as our model does."""
import json
import os
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



if os.environ.get("BENCH_HEAD_AT_LABELS") == "1":
    # Our trick under transformers, to separate the algorithm's gain from the engine's: with labels,
    # the LM head (dense, LayerNorm, decoder) runs only at the labelled positions; the loss is the
    # same mean cross-entropy over them. Without labels (the fill-mask pipeline) nothing changes.
    from transformers.modeling_outputs import MaskedLMOutput
    from transformers.models.roberta.modeling_roberta import RobertaForMaskedLM
    full_forward = RobertaForMaskedLM.forward

    def head_at_labels(self, input_ids=None, attention_mask=None, labels=None, **kwargs):
        if labels is None:
            return full_forward(self, input_ids=input_ids, attention_mask=attention_mask, **kwargs)
        hidden = self.roberta(input_ids, attention_mask=attention_mask, return_dict=True, **kwargs)[0]
        at = labels != -100
        loss = torch.nn.functional.cross_entropy(self.lm_head(hidden[at]), labels[at])
        return MaskedLMOutput(loss=loss)

    RobertaForMaskedLM.forward = head_at_labels
transformers.Trainer.train = timed("train", transformers.Trainer.train)
transformers.Trainer.evaluate = timed("evaluate", transformers.Trainer.evaluate)
started = time.perf_counter()
runpy.run_path(sys.argv[1], run_name="__main__")
# Evaluations inside train() (eval_strategy "epoch") are counted in train's time and listed too.
print(json.dumps({"side": "transformers", "torch": torch.__version__, "transformers": transformers.__version__,
                  "threads": torch.get_num_threads(), "scriptSeconds": time.perf_counter() - started, "calls": calls,
                  "selfPeakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
