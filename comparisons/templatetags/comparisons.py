import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from comparisons.markdown import render_markdown
from comparisons.tables.matrix import cell_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Editor Markdown as sanitized HTML (raw HTML is never passed through)."""
    return render_markdown(text or "")


@register.inclusion_tag("comparisons/includes/cell.html")
def cell(cell, detailed=False):
    """A matrix cell, badge and all as the tables render it; ``detailed`` adds note and source."""
    return {"cell": cell, "cell_html": cell_html(cell), "detailed": detailed}


@register.inclusion_tag("comparisons/includes/claimed_cell.html")
def claimed_cell(value):
    """An article's cell: its claim, and the current value beside it where it differs."""
    now = value.now
    return {
        "value": value,
        "shown_html": cell_html(value.shown),
        "now": now,
        "now_html": cell_html(now) if now else "",
    }


_JSON_IN_HTML = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A ``<script type="application/ld+json">`` block; <, > and & escaped as in json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
