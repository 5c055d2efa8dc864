"""transformers' own Trainer for a few steps on one fixed batch: AdamW with its no-decay groups,
the linear schedule, gradient clipping. Writes the log history and the parameters after training,
which the tests compare with our Trainer's.

Run: python transformers_trainer_steps.py MODEL_DIR OUT_DIR < run.json
run.json: {"args": {TrainingArguments keywords}, "rows": [{"input_ids", "attention_mask", "labels"}]}
Dropout is set to 0 (torch's and tfjs's masks cannot be the same draws). The rows form one batch,
so the sampler's order changes nothing but the order of a sum.
OUT_DIR gets log_history.json and model.safetensors (save_pretrained).
"""
import json
import sys

from datasets import Dataset
from transformers import RobertaForMaskedLM, Trainer, TrainingArguments, default_data_collator


def main() -> None:
    folder, out = sys.argv[1], sys.argv[2]
    run = json.load(sys.stdin)
    model = RobertaForMaskedLM.from_pretrained(folder, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    args = TrainingArguments(output_dir=out, per_device_train_batch_size=len(run["rows"]), logging_steps=1,
                             save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True, **run["args"])
    trainer = Trainer(model=model, args=args, train_dataset=Dataset.from_list(run["rows"]), data_collator=default_data_collator)
    trainer.train()
    model.save_pretrained(out)
    with open(f"{out}/log_history.json", "w") as f:
        json.dump(trainer.state.log_history, f)


if __name__ == "__main__":
    main()
