"""PyTorch + transformers reference for the pretraining step's speed: the bundled model's architecture
(scripts/pretrain/config.ts), batch 32 x 128 on the corpus's held-out blocks, transformers'
DataCollatorForLanguageModeling (15%) and torch's AdamW, as the engine's pretraining runs it.

    python bench/pretrain/torch_steps.py CORPUS_DIR [steps]   (prints one JSON line)
"""

import gzip
import json
import sys
import time

import torch
from transformers import AutoTokenizer, DataCollatorForLanguageModeling, RobertaConfig, RobertaForMaskedLM

corpus, steps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
tok = AutoTokenizer.from_pretrained("resources/tokenizers/roberta-base-tokenizer")
pages = [json.loads(line)["text"] for line in gzip.open(f"{corpus}/heldout.jsonl.gz", "rt")]
ids = [i for row in tok(pages)["input_ids"] for i in row]
blocks = [ids[i : i + 128] for i in range(0, len(ids) - 127, 128)]
config = RobertaConfig(vocab_size=50265, hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024,
                       max_position_embeddings=130, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
torch.manual_seed(0)
model = RobertaForMaskedLM(config).train()
collator = DataCollatorForLanguageModeling(tokenizer=tok, mlm_probability=0.15)
opt = torch.optim.AdamW(model.parameters(), lr=5e-4, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.01)
times = []
for step in range(steps):
    batch = collator([{"input_ids": b} for b in blocks[(step * 32) % (len(blocks) - 32):][:32]])
    start = time.perf_counter()
    loss = model(**batch).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    opt.zero_grad()
    times.append(time.perf_counter() - start)
steady = sorted(times[5:])[len(times[5:]) // 2]
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "steps": steps, "median_step_s": round(steady, 4), "tokens_per_s": round(32 * 128 / steady)}))
