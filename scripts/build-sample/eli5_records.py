"""Turn the units of one documentation page into records with the `eli5_category` schema.

Field mapping (see resources/datasets/eli5_sample/README.md):
  q_id        "<page>#<anchor>", the page path and the id Sphinx gave the section or object
  title       the section heading or the object's signature
  selftext    the titles of the enclosing sections/objects, outermost first, joined by " › "
  category    the book the page belongs to ("The Python Tutorial", ...)
  subreddit   always SUBREDDIT
  answers     the unit's own paragraphs, in order: a_id "<q_id>:p<n>", score = number of
              paragraphs - position (the first paragraph scores highest, as ELI5 lists its best
              answer first), text_urls = external links of that paragraph
"""

from __future__ import annotations

from typing import Any

from sphinx_units import Unit

SUBREDDIT = "python_docs"
BREADCRUMB_SEPARATOR = " › "

_STRING = {"dtype": "string", "_type": "Value"}


def _list(feature: dict[str, Any]) -> dict[str, Any]:
    return {"feature": feature, "_type": "List"}


# eli5_category's features, in its column order, as `datasets` 5 writes them
# (Features.to_dict()): its loading script's Sequence(...) is written as "List" now; both
# read back to the same Arrow schema (checked by check_with_hf.py).
FEATURES: dict[str, Any] = {
    "q_id": _STRING,
    "title": _STRING,
    "selftext": _STRING,
    "category": _STRING,
    "subreddit": _STRING,
    "answers": {
        "a_id": _list(_STRING),
        "text": _list(_STRING),
        "score": _list({"dtype": "int32", "_type": "Value"}),
        "text_urls": _list(_list(_STRING)),
    },
    "title_urls": _list(_STRING),
    "selftext_urls": _list(_STRING),
}


def _anchor_of(unit: Unit, index_in_page: int) -> str:
    # A few object descriptions carry no id (":no-index:" entries); their position in the
    # page is still a stable identifier for a given package version.
    return unit.anchor or f"unit-{index_in_page}"


def _breadcrumb(unit: Unit) -> str:
    titles: list[str] = []
    parent = unit.parent
    while parent is not None:
        if parent.title:
            titles.append(parent.title)
        parent = parent.parent
    return BREADCRUMB_SEPARATOR.join(reversed(titles))


def page_records(page: str, category: str, units: list[Unit]) -> list[dict[str, Any]]:
    """Records for the units of one page that have a title and at least one paragraph."""
    records: list[dict[str, Any]] = []
    for index, unit in enumerate(units):
        if not unit.title or not unit.paragraphs:
            continue  # a container section (heading, then only subsections) or an empty entry
        q_id = f"{page}#{_anchor_of(unit, index)}"
        count = len(unit.paragraphs)
        records.append(
            {
                "q_id": q_id,
                "title": unit.title,
                "selftext": _breadcrumb(unit),
                "category": category,
                "subreddit": SUBREDDIT,
                "answers": {
                    "a_id": [f"{q_id}:p{i + 1}" for i in range(count)],
                    "text": [p.text for p in unit.paragraphs],
                    "score": [count - i for i in range(count)],
                    "text_urls": [p.urls for p in unit.paragraphs],
                },
                "title_urls": list(unit.title_urls),
                "selftext_urls": [],
            }
        )
    return records
