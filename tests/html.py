"""Small HTML readers for tests: tables, lists and elements by id, as visible text."""

from html.parser import HTMLParser

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self):
        """Visible text: skips aria-hidden decorations, collapses white space."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.attrs.get("aria-hidden") != "true":
                parts.append(child.text())
        return " ".join(" ".join(parts).split())

    def iter(self, tag=None):
        for child in self.children:
            if isinstance(child, _Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find_id(self, element_id):
        return next((node for node in self.iter() if node.attrs.get("id") == element_id), None)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = _Node("#document", [])

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def table_rows(table: _Node) -> list[list[str]]:
    """Each row's cells (th and td) as text, header rows included."""
    return [
        [cell.text() for cell in row.iter() if cell.tag in ("th", "td")] for row in table.iter("tr")
    ]


def claimed_rows(table: _Node) -> list[list[str]]:
    """Each row's cells as an article's reader sees its claims: a cell holding a claim
    (``class="claim"``) gives the claim's words, without the current value beside it."""

    def shown(cell):
        claim = next((n for n in cell.iter() if n.attrs.get("class") == "claim"), None)
        return (claim or cell).text()

    return [
        [shown(cell) for cell in row.iter() if cell.tag in ("th", "td")] for row in table.iter("tr")
    ]


def current_values(table: _Node) -> list[list[str]]:
    """Each row's “now” values, where the site's current data differs from the claim ("")."""

    def now(cell):
        node = next((n for n in cell.iter() if n.attrs.get("class") == "now"), None)
        return node.text().removeprefix("now").strip() if node else ""

    return [
        [now(cell) for cell in row.iter() if cell.tag in ("th", "td")] for row in table.iter("tr")
    ]
