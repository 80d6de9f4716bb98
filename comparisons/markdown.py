"""Editor Markdown to safe HTML: raw HTML is off in the parser, and nh3 sanitizes the result."""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}

# Editors' headings start at h3: the page owns h1 and each section's h2.
_parser = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
_LINKABLE = ("http://", "https://", "mailto:", "/", "#")


def _linkable(url: str) -> bool:
    # Anything else (“<int:id>” in a note is an autolink to CommonMark) stays text, rather
    # than becoming a link whose address the sanitizer would then have to drop.
    return url.strip().lower().startswith(_LINKABLE)


_parser.validateLink = _linkable


def _demote_headings(tokens):
    """The text's top heading level becomes h3, whichever it is (“#” or “###”), and the
    levels below follow: the page owns h1 and h2, and an editor's outline is kept."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = 3 - min(levels)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> SafeString:
    """Render ``text`` to sanitized HTML; links get rel="noopener noreferrer nofollow"."""
    if not text:
        return mark_safe("")
    tokens = _parser.parse(text)
    _demote_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above
