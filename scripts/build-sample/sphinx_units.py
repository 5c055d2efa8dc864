"""Split one Sphinx-rendered HTML page of the Python docs into titled units of prose.

A unit is either a section (<section id=...> with its heading) or a documented object
(<dl class="py function">, "c function", "std envvar", a glossary term, ...): the places the
docs themselves anchor and title. Each unit keeps only its own paragraphs; paragraphs of
nested units belong to those. Sections alone give ~4,400 units, fewer than the 5,000 rows the
tutorial slices, so documented objects count as units too.

Kept: the text of <p> elements inside the main body, inline code included.
Dropped: navigation (everything outside div.body, local tables of contents, toctrees),
code blocks (<pre>), tables, header links (the pilcrow), and label-only paragraphs
(admonition titles such as "Note", rubrics, topic titles).

The standard library's html.parser is used because Sphinx's output is regular, well-formed
HTML, and it keeps the build dependency-free (only /usr/bin/python3 is needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose whole subtree is navigation, code or tabular data, not prose.
_SKIPPED_TAGS = {"nav", "pre", "table", "script", "style", "head"}
_SKIPPED_CLASSES = {"toctree-wrapper", "headerlink", "admonition-title", "rubric", "topic-title"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source", "area"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Sphinx's object-description <dl> classes: "py function", "c macro", "std envvar", "describe".
_OBJECT_DL_DOMAINS = {"py", "c", "std", "describe", "object"}
_EXTERNAL_URL = re.compile(r"^(https?|ftp)://", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


@dataclass
class Paragraph:
    text: str
    urls: list[str]


@dataclass
class Unit:
    anchor: str | None  # the element's id, when Sphinx gave it one
    kind: str  # "section" or the object's kind ("py function", "term", ...)
    title: str = ""
    title_urls: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    parent: Unit | None = None


@dataclass
class _TextSink:
    """Collects the text and external links of one heading, signature or paragraph."""

    parts: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def add_url(self, href: str) -> None:
        if _EXTERNAL_URL.match(href) and href not in self.urls:
            self.urls.append(href)


@dataclass
class _Open:
    tag: str
    skipped: bool = False
    unit: Unit | None = None  # unit this element opened (section, object dl, glossary dd)
    opens_sink: bool = False  # this element's text is a title or a paragraph


class SphinxPageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[Unit] = []  # in document order (pre-order: a unit before its children)
        self._stack: list[_Open] = []
        self._in_body_depth: int | None = None
        self._skip_depth = 0
        self._unit_stack: list[Unit] = []
        self._sink: _TextSink | None = None
        self._sink_kind: str | None = None
        self._glossary_depth = 0
        self._pending_term: Unit | None = None

    # -- helpers -------------------------------------------------------------------------
    def _current_unit(self) -> Unit | None:
        return self._unit_stack[-1] if self._unit_stack else None

    def _open_unit(self, anchor: str | None, kind: str) -> Unit:
        unit = Unit(anchor=anchor, kind=kind, parent=self._current_unit())
        self.units.append(unit)
        self._unit_stack.append(unit)
        return unit

    def _close_sink(self) -> None:
        sink, kind, unit = self._sink, self._sink_kind, self._current_unit()
        self._sink = self._sink_kind = None
        if sink is None or unit is None:
            return
        text = collapse("".join(sink.parts))
        if kind == "title":
            # Several signatures (overloads) of one object share one unit.
            unit.title = f"{unit.title}; {text}" if unit.title and text else unit.title or text
            unit.title_urls.extend(u for u in sink.urls if u not in unit.title_urls)
        elif text:
            unit.paragraphs.append(Paragraph(text=text, urls=sink.urls))

    # -- HTMLParser callbacks ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        entry = _Open(tag=tag)
        self._stack.append(entry)

        if self._in_body_depth is None:
            if tag == "div" and "body" in classes and a.get("role") == "main":
                self._in_body_depth = len(self._stack)
            return
        if self._in_body_depth < 0 or self._skip_depth:
            return
        if tag in _SKIPPED_TAGS or classes & _SKIPPED_CLASSES:
            entry.skipped = True
            self._skip_depth = len(self._stack)
            return

        if tag == "section":
            entry.unit = self._open_unit(a.get("id"), "section")
        elif tag == "dl" and classes & _OBJECT_DL_DOMAINS:
            entry.unit = self._open_unit(None, " ".join(sorted(classes)))
        elif tag == "dl" and "glossary" in classes:
            self._glossary_depth = len(self._stack)
        elif tag == "dt" and self._glossary_depth == len(self._stack) - 1:
            # A glossary term: its <dt> titles a unit that its following <dd> fills;
            # several <dt> before one <dd> are synonyms of one term.
            if self._pending_term is None:
                self._pending_term = self._open_unit(a.get("id"), "term")
            entry.opens_sink = True
            self._sink, self._sink_kind = _TextSink(), "title"
        elif tag == "dd" and self._pending_term is not None and self._glossary_depth == len(self._stack) - 1:
            entry.unit, self._pending_term = self._pending_term, None
        elif tag == "dt" and self._is_object_signature():
            unit = self._current_unit()
            if unit is not None and unit.anchor is None and a.get("id"):
                unit.anchor = a["id"]
            entry.opens_sink = True
            self._sink, self._sink_kind = _TextSink(), "title"
        elif tag in _HEADINGS and self._sink is None:
            entry.opens_sink = True
            self._sink, self._sink_kind = _TextSink(), "title"
        elif tag == "p" and self._sink is None:
            entry.opens_sink = True
            self._sink, self._sink_kind = _TextSink(), "paragraph"
        elif tag == "a" and self._sink is not None:
            self._sink.add_url(a.get("href", ""))

    def _is_object_signature(self) -> bool:
        # The <dt> directly inside an object-description <dl> (stack: ..., dl, dt).
        return len(self._stack) >= 2 and self._stack[-2].unit is not None and self._stack[-2].tag == "dl"

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or not any(e.tag == tag for e in self._stack):
            return  # a stray end tag: ignore rather than unwind the stack
        while self._stack:
            entry = self._stack.pop()
            depth = len(self._stack) + 1
            if entry.opens_sink:
                self._close_sink()
            if entry.unit is not None and self._unit_stack and self._unit_stack[-1] is entry.unit:
                self._unit_stack.pop()
            if entry.skipped and self._skip_depth == depth:
                self._skip_depth = 0
            if self._glossary_depth == depth:
                self._glossary_depth = 0
            if self._in_body_depth == depth:
                self._in_body_depth = -1  # past the body: ignore the rest of the page
            if entry.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_body_depth is None or self._in_body_depth < 0 or self._skip_depth:
            return
        if self._sink is not None:
            self._sink.parts.append(data)


def parse_page(html: str) -> list[Unit]:
    parser = SphinxPageParser()
    parser.feed(html)
    parser.close()
    return parser.units
