"""Check the built sample with Hugging Face `datasets` itself (needs a Python with `datasets`):

    python check_with_hf.py [resources/datasets/eli5_sample]

Asserts that dataset_info.json's features are exactly what `datasets` writes for
eli5_category's declared features, that the JSON Lines load with them, and that the
tutorial's steps give the tutorial's shapes: train[:5000] -> 5000 rows,
train_test_split(test_size=0.2) -> 4000/1000, flatten() -> answers.* columns.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from datasets import DatasetInfo, Features, Sequence, Value, load_dataset

# eli5_category's features as its loading script declares them.
ELI5_CATEGORY = Features(
    {
        "q_id": Value("string"),
        "title": Value("string"),
        "selftext": Value("string"),
        "category": Value("string"),
        "subreddit": Value("string"),
        "answers": {
            "a_id": Sequence(Value("string")),
            "text": Sequence(Value("string")),
            "score": Sequence(Value("int32")),
            "text_urls": Sequence(Sequence(Value("string"))),
        },
        "title_urls": Sequence(Value("string")),
        "selftext_urls": Sequence(Value("string")),
    }
)
FLAT_COLUMNS = [
    "q_id", "title", "selftext", "category", "subreddit", "answers.a_id", "answers.text",
    "answers.score", "answers.text_urls", "title_urls", "selftext_urls",
]


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/datasets/eli5_sample")
    info_json = json.loads((folder / "dataset_info.json").read_text(encoding="utf-8"))
    info = DatasetInfo.from_dict(info_json)
    assert info.features == ELI5_CATEGORY, "features differ from eli5_category's"
    assert info_json["features"] == ELI5_CATEGORY.to_dict(), "features JSON is not what datasets writes"

    with tempfile.TemporaryDirectory() as cache:
        data = str(folder / "train.jsonl.gz")
        full = load_dataset("json", data_files=data, features=info.features, split="train", cache_dir=cache)
        assert full.num_rows == info.splits["train"].num_examples, "num_examples differs from the file"
        head = load_dataset("json", data_files=data, features=info.features, split="train[:5000]", cache_dir=cache)
        assert head.num_rows == 5000 and head[0] == full[0]
        split = head.train_test_split(test_size=0.2, seed=42)
        assert (split["train"].num_rows, split["test"].num_rows) == (4000, 1000)
        assert split.flatten()["train"].column_names == FLAT_COLUMNS
    print(f"ok: {full.num_rows} rows load with eli5_category's features; 5000 -> 4000/1000; flatten as HF")


if __name__ == "__main__":
    main()
