from django import template

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
