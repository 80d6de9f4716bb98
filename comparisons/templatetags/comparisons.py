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
