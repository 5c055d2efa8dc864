"""Build resources/datasets/eli5_sample/ from Debian's python3.11-doc package.

    /usr/bin/python3 scripts/build-sample/build.py [--source DIR] [--out DIR]

Reads the documents that the docs' master table of contents (contents.html) lists, in that
order, and writes one ELI5-shaped record per titled unit with prose (see sphinx_units.py and
eli5_records.py). Reruns give the same bytes: records in document order, compact JSON,
gzip with no file name and mtime 0.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

# No __pycache__ beside the committed sources (the repository does not ignore it).
sys.dont_write_bytecode = True

# Run as a script, Python puts this folder on sys.path: the sibling modules import directly.
from eli5_records import FEATURES, page_records
from sphinx_units import parse_page

PACKAGE = "python3.11-doc"
BUILT_FROM_VERSION = "3.11.2-6+deb12u9"  # the version the committed files were built from
DEFAULT_SOURCE = Path("/usr/share/doc/python3.11/html")
LICENSE_SOURCE = Path(f"/usr/share/doc/{PACKAGE}/copyright")
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "resources" / "datasets" / "eli5_sample"
# Legal texts, not explanations; they ship verbatim as LICENSE instead.
EXCLUDED_PAGES = {"copyright.html", "license.html"}


class _TocLinks(HTMLParser):
    """Page paths linked from the body of contents.html, first occurrence order."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and "reference internal" in (a.get("class") or "") and a.get("href"):
            page = (a["href"] or "").split("#", 1)[0]
            if page and page not in self.pages:
                self.pages.append(page)


def _fail(message: str) -> None:
    sys.exit(f"build-sample: {message}")


def installed_version() -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", PACKAGE], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        _fail(f"the Debian package {PACKAGE} is not installed; install it with `apt-get install {PACKAGE}`")
    return out.stdout.strip()


def document_order(source: Path) -> list[str]:
    contents = source / "contents.html"
    if not contents.is_file():
        _fail(f"{contents} not found; pass --source with the folder of the HTML docs")
    toc = _TocLinks()
    toc.feed(contents.read_text(encoding="utf-8"))
    # Debian leaves some listed pages out of the package (whatsnew/changelog.html).
    return [p for p in toc.pages if p not in EXCLUDED_PAGES and (source / p).is_file()]


def first_title(source: Path, page: str) -> str:
    units = parse_page((source / page).read_text(encoding="utf-8"))
    if not units or not units[0].title:
        _fail(f"{source / page} has no heading to name its category")
    return units[0].title


def category_of(source: Path, page: str, cache: dict[str, str]) -> str:
    # A page in a book folder belongs to that book (its index page's title); a top-level page
    # (glossary, about, bugs) is its own category.
    book_index = f"{page.split('/', 1)[0]}/index.html" if "/" in page else page
    if book_index not in cache:
        cache[book_index] = first_title(source, book_index)
    return cache[book_index]


def check_unique(records: list[dict[str, Any]]) -> None:
    # Ids come from the HTML ids Sphinx makes unique per page; a repeat means the page
    # structure changed in a way the parser does not expect.
    seen: set[str] = set()
    for record in records:
        if record["q_id"] in seen:
            _fail(f"two units share the id {record['q_id']}; the parser needs a look at that page")
        seen.add(record["q_id"])


def gzip_bytes(data: bytes) -> bytes:
    buffer = io.BytesIO()
    # filename="" and mtime=0 keep the header free of build-time details, for identical reruns.
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buffer, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def dataset_info(version: str, num_examples: int, download_size: int) -> dict[str, Any]:
    return {
        "description": (
            "ELI5-shaped sample built from the Python 3.11 documentation in Debian's "
            f"{PACKAGE} {version}: one record per documentation section or documented object, "
            "its paragraphs as answers. Built by scripts/build-sample/build.py."
        ),
        "citation": "",
        "homepage": "https://docs.python.org/3.11/",
        "license": "PSF-2.0 (Python Software Foundation License Version 2); see LICENSE",
        "features": FEATURES,
        "builder_name": "json",
        "dataset_name": "eli5_sample",
        "config_name": "default",
        "splits": {"train": {"name": "train", "num_examples": num_examples, "dataset_name": "eli5_sample"}},
        "download_size": download_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the HTML docs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args()

    version = installed_version()
    if version != BUILT_FROM_VERSION:
        print(
            f"build-sample: warning: {PACKAGE} {version} is installed, the committed sample was built "
            f"from {BUILT_FROM_VERSION}; the output will differ from it",
            file=sys.stderr,
        )

    records: list[dict[str, Any]] = []
    categories: dict[str, str] = {}
    pages = document_order(args.source)
    for page in pages:
        units = parse_page((args.source / page).read_text(encoding="utf-8"))
        records.extend(page_records(page, category_of(args.source, page, categories), units))
    check_unique(records)

    lines = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    compressed = gzip_bytes(lines.encode("utf-8"))

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "train.jsonl.gz").write_bytes(compressed)
    info = dataset_info(version, len(records), len(compressed))
    (args.out / "dataset_info.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(LICENSE_SOURCE, args.out / "LICENSE")

    answers = sum(len(r["answers"]["text"]) for r in records)
    words = sum(len(t.split()) for r in records for t in r["answers"]["text"])
    print(
        json.dumps(
            {
                "pages": len(pages),
                "records": len(records),
                "answers": answers,
                "answer_words": words,
                "jsonl_bytes": len(lines.encode("utf-8")),
                "gz_bytes": len(compressed),
                "categories": sorted(set(categories.values())),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
