# Reads HTML fragments (a JSON list on stdin) with Python's own HTML parser, as a viewer outside the
# app would, and reports per fragment what the tests check: well-formed nesting, the tables' header
# cells, the SVG paths, and anything unsafe (scripts, event handlers, links, classes, stylesheets).
import json
import sys
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source", "track", "embed", "param"}
UNSAFE_TAGS = {"script", "style", "iframe", "object", "embed", "link", "img", "foreignobject"}


class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.unsafe = [], [], []
        self.headers, self.paths, self.tags = [], [], {}
        self.in_th = False

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in UNSAFE_TAGS:
            self.unsafe.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("href", "src", "class", "xlink:href") or "javascript:" in (value or "").lower():
                self.unsafe.append(f"{tag}[{name}]")
        if tag == "path":
            self.paths.append(dict(attrs))
        if tag == "th":
            self.in_th = True
            self.headers.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "th":
            self.in_th = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_th:
            self.headers[-1] += data


out = []
for fragment in json.load(sys.stdin):
    r = Report()
    r.feed(fragment)
    r.close()
    out.append({"errors": r.errors + [f"<{t}> left open" for t in r.stack], "unsafe": r.unsafe, "headers": [h.strip() for h in r.headers], "paths": r.paths, "tags": r.tags})
json.dump(out, sys.stdout)
