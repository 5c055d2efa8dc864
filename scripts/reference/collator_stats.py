"""transformers' DataCollatorForLanguageModeling on given rows, many times: the masking statistics
the tests compare ours with, and one batch's deterministic parts (padding, attention mask).

Run: python collator_stats.py TOKENIZER_DIR BATCHES MLM_PROBABILITY < rows.json > stats.json
rows.json: [{"input_ids": [...], "attention_mask": [...]}, ...]
"""
import json
import sys

import torch
from transformers import AutoTokenizer, DataCollatorForLanguageModeling


def main() -> None:
    folder, batches, probability = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    rows = json.load(sys.stdin)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    collator = DataCollatorForLanguageModeling(tokenizer=tokenizer, mlm_probability=probability)
    torch.manual_seed(0)
    counts = {"maskable": 0, "selected": 0, "mask": 0, "random": 0, "kept": 0, "special_selected": 0, "label_mismatch": 0}
    random_ids = []
    first = None
    for _ in range(batches):
        batch = collator([dict(r) for r in rows])
        ids, labels, attention = batch["input_ids"], batch["labels"], batch["attention_mask"]
        original = torch.full_like(ids, tokenizer.pad_token_id)
        for i, r in enumerate(rows):
            original[i, : len(r["input_ids"])] = torch.tensor(r["input_ids"])
        special = torch.tensor([[1 if t in tokenizer.all_special_ids else 0 for t in row] for row in original.tolist()], dtype=torch.bool)
        selected = labels != -100
        counts["maskable"] += int((~special).sum())
        counts["selected"] += int(selected.sum())
        counts["special_selected"] += int((selected & special).sum())
        counts["label_mismatch"] += int((selected & (labels != original)).sum())
        counts["mask"] += int((selected & (ids == tokenizer.mask_token_id)).sum())
        changed = selected & (ids != tokenizer.mask_token_id) & (ids != original)
        counts["random"] += int(changed.sum())
        counts["kept"] += int((selected & (ids == original)).sum())
        random_ids += ids[changed].tolist()
        if first is None:
            first = {"original": original.tolist(), "attention_mask": attention.tolist(), "shape": list(ids.shape)}
    json.dump({"counts": counts, "random_id_mean": sum(random_ids) / max(1, len(random_ids)), "len_tokenizer": len(tokenizer), "first": first}, sys.stdout)


if __name__ == "__main__":
    main()
