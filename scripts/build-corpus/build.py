"""Build the pretraining corpus: English prose from permissively licensed Debian doc packages.

    /usr/bin/python3 scripts/build-corpus/build.py --out DIR [--work DIR]

Downloads each source package at its pinned version (`apt-get download`, no install), unpacks it
with `dpkg-deb -x`, and keeps the <p> paragraphs of its HTML pages (paragraphs.py), in sorted
path order. A paragraph is dropped when it has fewer than MIN_WORDS words, when it already
appeared (exact duplicates after normalisation: rustdoc and Sphinx repeat boilerplate), and when
it is a paragraph of resources/datasets/eli5_sample: the fine-tuning data must stay unseen.
The build then checks that no eli5_sample paragraph is in what it wrote, and fails otherwise.

Writes DIR/train.jsonl.gz and DIR/heldout.jsonl.gz (one {"text", "source", "page"} object per
page; a page goes to heldout when the sha256 of "package/path" falls in the first HELDOUT_PERCENT
of 100 buckets) and DIR/manifest.json, which scripts/build-corpus/manifest.json is a copy of.
Reruns give the same bytes (sorted inputs, compact JSON, gzip with mtime 0).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True
from paragraphs import normalise, page_paragraphs  # noqa: E402  (sibling module, see above)

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "resources" / "datasets" / "eli5_sample" / "train.jsonl.gz"
MANIFEST_COPY = Path(__file__).resolve().parent / "manifest.json"
MIN_WORDS = 6
HELDOUT_PERCENT = 1
PERMISSIVE = {"MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "PostgreSQL", "public-domain",
              "MIT OR Apache-2.0", "Apache-2.0 OR BSD-3-Clause", "Apache-2.0 WITH LLVM-exception", "BSL-1.0"}


@dataclass(frozen=True)
class Source:
    package: str
    version: str
    licence: str  # SPDX, as the package's copyright file states it for the documentation
    licence_evidence: str  # a line the package's copyright file must contain
    html_root: str  # inside the unpacked package
    exclude: str = r"$^"  # regex on the page path (below html_root) of generated or non-prose pages


# Pages that are indexes, search pages, highlighted source code or generated listings.
_SPHINX_EXCLUDE = r"(^|/)(_modules|_sources|_static|_images|_downloads)/|(^|/)(genindex|search|py-modindex|np-modindex)[^/]*\.html$"

SOURCES = [
    Source("python-django-doc", "3:3.2.25-0+deb12u7", "BSD-3-Clause", "License: BSD-3-Clause", "usr/share/doc/python-django-doc/html", _SPHINX_EXCLUDE + r"|^releases/"),
    Source("python-scipy-doc", "1.10.1-2", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-scipy-doc/html", _SPHINX_EXCLUDE),
    Source("python-pandas-doc", "1.5.3+dfsg-2", "BSD-3-Clause", "License: BSD-3", "usr/share/doc/python-pandas-doc/html", _SPHINX_EXCLUDE + r"|^whatsnew/"),
    Source("python-sklearn-doc", "1.2.1+dfsg-1", "BSD-3-Clause", "License: BSD-3-Clause", "usr/share/doc/python-sklearn-doc/html", _SPHINX_EXCLUDE + r"|^whats_new"),
    Source("python-statsmodels-doc", "0.13.5+dfsg-7", "BSD-3-Clause", "License: BSD-3", "usr/share/doc/python-statsmodels-doc/html", _SPHINX_EXCLUDE + r"|^release/"),
    Source("python-sympy-doc", "1.11.1-1", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-sympy-doc/html", _SPHINX_EXCLUDE),
    Source("python-astropy-doc", "5.2.1-2+deb12u1", "BSD-3-Clause", "License: BSD-3-Clause", "usr/share/doc/python-astropy-doc/html", _SPHINX_EXCLUDE + r"|^changelog"),
    Source("python-sqlalchemy-doc", "1.4.46+ds1-1", "MIT", "License: Expat", "usr/share/doc/python-sqlalchemy-doc/html", _SPHINX_EXCLUDE + r"|^changelog/"),
    Source("python-ipython-doc", "8.5.0-4", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-ipython-doc/html", _SPHINX_EXCLUDE + r"|^whatsnew/"),
    Source("python-pytest-doc", "7.2.1-2", "MIT", "License: Expat", "usr/share/doc/python-pytest-doc/html", _SPHINX_EXCLUDE + r"|^(changelog|announce/)"),
    Source("python-flask-doc", "2.2.2-3", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-flask-doc/html", _SPHINX_EXCLUDE + r"|^changes"),
    Source("python-werkzeug-doc", "2.2.2-3+deb12u1", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-werkzeug-doc/html", _SPHINX_EXCLUDE + r"|^changes"),
    Source("python-mpmath-doc", "1.2.1-2", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-mpmath-doc/html", _SPHINX_EXCLUDE),
    Source("python-cryptography-doc", "38.0.4-3+deb12u1", "Apache-2.0 OR BSD-3-Clause", "License: Apache", "usr/share/doc/python-cryptography-doc/html", _SPHINX_EXCLUDE + r"|^changelog"),
    Source("python-requests-doc", "2.28.1+dfsg-1", "Apache-2.0", "License: Apache", "usr/share/doc/python-requests-doc/html", _SPHINX_EXCLUDE + r"|^community/updates"),
    Source("python-attr-doc", "22.2.0-1", "MIT", "License: Expat", "usr/share/doc/python-attr-doc/html", _SPHINX_EXCLUDE + r"|^changelog"),
    Source("sphinx-doc", "5.3.0-4", "BSD-2-Clause", "License: BSD-2-clause", "usr/share/doc/sphinx-doc/html", _SPHINX_EXCLUDE + r"|^changes"),
    Source("python-skimage-doc", "0.19.3-8", "BSD-3-Clause", "License: BSD-3-Clause", "usr/share/doc/python-skimage-doc/html", _SPHINX_EXCLUDE + r"|^release_notes"),
    Source("python-dask-doc", "2022.12.1+dfsg-2", "BSD-3-Clause", "License: BSD-3-Clause", "usr/share/doc/python-dask-doc/html", _SPHINX_EXCLUDE + r"|^changelog"),
    Source("python-xarray-doc", "2023.01.0-1.1", "Apache-2.0", "License: Apache-2.0", "usr/share/doc/python-xarray-doc/html", _SPHINX_EXCLUDE + r"|^whats-new"),
    Source("python-celery-doc", "5.2.6-5", "BSD-2-Clause", "License: BSD-2-clause", "usr/share/doc/python-celery-doc/html", _SPHINX_EXCLUDE + r"|^(changelog|history/)"),
    Source("python-tornado-doc", "6.2.0-3+deb12u4", "Apache-2.0", "License: Apache-2.0", "usr/share/doc/python-tornado-doc/html", _SPHINX_EXCLUDE + r"|^releases/"),
    Source("python-gevent-doc", "22.10.2-3", "MIT", "License: MIT", "usr/share/doc/python-gevent-doc/html", _SPHINX_EXCLUDE + r"|^changelog"),
    Source("python-pygments-doc", "2.14.0+dfsg-1", "BSD-2-Clause", "License: BSD-2-clause", "usr/share/doc/python-pygments-doc/html", _SPHINX_EXCLUDE + r"|^docs/changelog"),
    Source("python-click-doc", "8.1.3-2", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/python-click-doc/html", _SPHINX_EXCLUDE + r"|^changes"),
    Source("mypy-doc", "1.0.1-1", "MIT", "License: Expat", "usr/share/doc/mypy/html", _SPHINX_EXCLUDE),
    Source("llvm-15-doc", "1:15.0.6-4", "Apache-2.0 WITH LLVM-exception", "License: APACHE-2-LLVM-EXCEPTIONS", "usr/share/doc/llvm-15-doc/html", _SPHINX_EXCLUDE + r"|ReleaseNotes"),
    Source("clang-15-doc", "1:15.0.6-4", "Apache-2.0 WITH LLVM-exception", "License: APACHE-2-LLVM-EXCEPTIONS", "usr/share/doc/clang-15/html", _SPHINX_EXCLUDE + r"|ReleaseNotes"),
    Source("erlang-doc", "1:25.2.3+dfsg-1+deb12u4", "Apache-2.0", "License: Apache-2.0", "usr/share/doc/erlang-doc", r"(^|/)notes\.html$"),
    Source("ghc-doc", "9.0.2-4", "BSD-3-Clause", "License: BSD-3-clause", "usr/share/doc/ghc-doc/html", r"(^|/)(doc-index[^/]*|src/.*)\.html$|^users_guide/[0-9.]+-notes"),
    Source("libboost1.81-doc", "1.81.0-5+deb12u1", "BSL-1.0", "License: BSL-1.0", "usr/share/doc/libboost1.81-doc", r"(^|/)release_notes|/reference/"),
    # The Apache HTTP Server manual ships in fourteen languages: English only.
    Source("apache2-doc", "2.4.71-1~deb12u1", "Apache-2.0", "License: Apache-2.0", "usr/share/doc/apache2-doc/manual", r"^(?!en/)"),
    Source("postgresql-doc-15", "15.20-0+deb12u1", "PostgreSQL", "License: PostgreSQL", "usr/share/doc/postgresql-doc-15/html", r"^release-"),
    Source("sqlite3-doc", "3.40.1-2+deb12u2", "public-domain", "License: public-domain", "usr/share/doc/sqlite3", r"^(releaselog/|changes\.html|chronology\.html)"),
    Source("nodejs-doc", "18.20.4+dfsg-1~deb12u3", "MIT", "License: Expat", "usr/share/doc/nodejs/api", r"^all\.html$"),
    # rustdoc's per-intrinsic pages (core::arch) are generated listings, not prose.
    Source("rust-doc", "1.63.0+dfsg1-2", "MIT OR Apache-2.0", "License: MIT or Apache-2.0", "usr/share/doc/rust-doc/html", r"(^|/)(core_arch|arch)/|^(releases|src)/|(^|/)(search-index|settings|help)[^/]*\.html$"),
]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(source: Source, work: Path) -> tuple[Path, Path]:
    """The package's .deb (downloaded once) and the folder it is unpacked in."""
    debs = work / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    arch_free = source.version.replace(":", "%3a")
    deb = debs / f"{source.package}_{arch_free}_all.deb"
    if not deb.exists():
        subprocess.run(["apt-get", "download", f"{source.package}={source.version}"], cwd=debs, check=True)
    unpacked = work / "x" / deb.stem
    if not (unpacked / "usr").exists():
        unpacked.mkdir(parents=True, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    return deb, unpacked


def inside(unpacked: Path, path: Path) -> Path:
    """Follows symlinks within the unpacked package (Debian's are often absolute: /usr/share/...)."""
    while path.is_symlink():
        target = Path(path.readlink())
        path = unpacked / target.relative_to("/") if target.is_absolute() else path.parent / target
    return path


def copyright_file(unpacked: Path, source: Source) -> Path:
    own = unpacked / "usr/share/doc" / source.package / "copyright"
    found = [own] if own.exists() else sorted(unpacked.glob("usr/share/doc/*/copyright"))
    if not found:
        raise SystemExit(f"{source.package}: no copyright file in the package")
    return found[0]


def sample_paragraphs() -> set[str]:
    keys: set[str] = set()
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        for line in f:
            for text in json.loads(line)["answers"]["text"]:
                key = normalise(text)
                if key:
                    keys.add(key)
    return keys


def heldout(package: str, page: str) -> bool:
    return int(hashlib.sha256(f"{package}/{page}".encode()).hexdigest(), 16) % 100 < HELDOUT_PERCENT


def check_no_sample_paragraphs(splits: dict[str, list[dict]], sample: set[str]) -> None:
    """Fails the build when any paragraph about to be written is one of eli5_sample's (normalised)."""
    for split, records in splits.items():
        for r in records:
            for text in r["text"].split("\n"):
                if normalise(text) in sample:
                    raise SystemExit(f"{split}: a paragraph of eli5_sample is in {r['source']}/{r['page']}: {text[:80]}")


def check_licences(sources: list[Source]) -> None:
    for source in sources:
        if source.licence not in PERMISSIVE:
            raise SystemExit(f"{source.package}: licence {source.licence} is not on the permissive list")


def write_gzip_jsonl(path: Path, records: list[dict]) -> None:
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        for r in records:
            gz.write((json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
    path.write_bytes(raw.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="where train/heldout/manifest go (the corpus is not committed)")
    parser.add_argument("--work", type=Path, default=None, help="where packages are downloaded and unpacked (default: OUT/packages)")
    args = parser.parse_args()
    out: Path = args.out
    work: Path = args.work or out / "packages"
    out.mkdir(parents=True, exist_ok=True)

    sample = sample_paragraphs()
    seen: set[str] = set()
    splits: dict[str, list[dict]] = {"train": [], "heldout": []}
    manifest_sources = []
    check_licences(SOURCES)
    for source in SOURCES:
        deb, unpacked = fetch(source, work)
        cfile = copyright_file(unpacked, source)
        if source.licence_evidence not in cfile.read_text(encoding="utf-8", errors="replace"):
            raise SystemExit(f"{source.package}: {cfile} does not say '{source.licence_evidence}'; check its licence")
        root = inside(unpacked, unpacked / source.html_root)
        exclude = re.compile(source.exclude)
        stats = {"pages": 0, "paragraphs": 0, "words": 0, "dropped_short": 0, "dropped_duplicate": 0, "dropped_in_sample": 0}
        for path in sorted(root.rglob("*.html")):
            page = path.relative_to(root).as_posix()
            if exclude.search(page) or path.is_symlink():
                continue
            kept = []
            for text in page_paragraphs(path.read_text(encoding="utf-8", errors="replace")):
                key = normalise(text)
                if len(key.split()) < MIN_WORDS:
                    stats["dropped_short"] += 1
                elif key in sample:
                    stats["dropped_in_sample"] += 1
                elif key in seen:
                    stats["dropped_duplicate"] += 1
                else:
                    seen.add(key)
                    kept.append(text)
            if not kept:
                continue
            stats["pages"] += 1
            stats["paragraphs"] += len(kept)
            stats["words"] += sum(len(t.split()) for t in kept)
            split = "heldout" if heldout(source.package, page) else "train"
            splits[split].append({"text": "\n".join(kept), "source": source.package, "page": page})
        print(f"{source.package:26} {stats['pages']:6} pages {stats['paragraphs']:8} paragraphs {stats['words']:9} words", flush=True)
        manifest_sources.append({
            "package": source.package, "version": source.version, "licence": source.licence,
            "copyright_file": cfile.relative_to(unpacked).as_posix(), "copyright_sha256": sha256_file(cfile),
            "deb_sha256": sha256_file(deb), "html_root": source.html_root, "excluded_pages": source.exclude, **stats,
        })

    check_no_sample_paragraphs(splits, sample)

    files = {}
    for split, records in splits.items():
        path = out / f"{split}.jsonl.gz"
        write_gzip_jsonl(path, records)
        files[split] = {"file": path.name, "pages": len(records), "words": sum(len(t.split()) for r in records for t in r["text"].split("\n")),
                        "bytes": path.stat().st_size, "sha256": sha256_file(path)}
    manifest = {
        "description": "English prose from permissively licensed Debian documentation packages (Debian 12), for pretraining; no paragraph of eli5_sample",
        "command": "/usr/bin/python3 scripts/build-corpus/build.py --out DIR",
        "min_words": MIN_WORDS, "heldout_percent": HELDOUT_PERCENT, "sample_paragraphs_checked": len(sample),
        "splits": files, "sources": manifest_sources,
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / "manifest.json").write_text(text, encoding="utf-8")
    MANIFEST_COPY.write_text(text, encoding="utf-8")
    print(json.dumps(files, indent=2))


if __name__ == "__main__":
    main()
