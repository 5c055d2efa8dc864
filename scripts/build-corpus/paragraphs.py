"""The prose paragraphs (<p> elements) of one HTML documentation page.

Unlike scripts/build-sample/sphinx_units.py, which keeps each titled unit of the Python docs,
the corpus needs only running prose, from Sphinx, mdBook, rustdoc, DocBook and hand-written
pages alike; so this keeps the text of every <p> outside navigation, code and tables.
The standard library's html.parser keeps the build dependency-free.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# Subtrees that are navigation, code, tables or page chrome, not prose.
_SKIPPED_TAGS = {"nav", "pre", "table", "script", "style", "head", "header", "footer", "noscript", "svg", "textarea"}
_SKIPPED_CLASSES = {
    "sphinxsidebar", "related", "footer", "header", "navbar", "nav", "toctree-wrapper", "headerlink",
    "admonition-title", "rubric", "topic-title", "sidebar", "breadcrumb", "navheader", "navfooter",
    "highlight", "sidebar-scrollbox", "bd-sidebar", "bd-footer", "prev-next-area", "copyright",
}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source", "area", "base", "embed", "param", "track"}
# Block elements that end an open paragraph (HTML closes <p> implicitly before them).
_BLOCK_TAGS = {"div", "ul", "ol", "dl", "dt", "dd", "li", "table", "pre", "section", "article", "blockquote",
               "h1", "h2", "h3", "h4", "h5", "h6", "p", "form", "details", "figure"}
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """The form paragraphs are compared in: NFKC, lower case, words of letters and digits only."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


class ParagraphParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, this element starts a skipped subtree)
        self._skip_depth = 0
        self._parts: list[str] | None = None

    def _flush(self) -> None:
        if self._parts is not None:
            text = collapse("".join(self._parts))
            if text:
                self.paragraphs.append(text)
        self._parts = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _VOID_TAGS:
            if tag == "br" and self._parts is not None:
                self._parts.append(" ")
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES) or dict(attrs).get("role") == "navigation"
        self._stack.append((tag, skipped))
        if skipped:
            self._skip_depth += 1
        if tag == "p" and self._skip_depth == 0:
            self._parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        # Close up to the matching open tag (pages are not always well-formed).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, skipped in self._stack[i:]:
                    if skipped:
                        self._skip_depth -= 1
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._parts is not None and self._skip_depth == 0:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_paragraphs(html: str) -> list[str]:
    parser = ParagraphParser()
    parser.feed(html)
    parser.close()
    return parser.paragraphs
