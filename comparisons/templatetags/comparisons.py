from django import template

from comparisons.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Editor Markdown as sanitized HTML (raw HTML is never passed through)."""
    return render_markdown(text or "")


@register.inclusion_tag("comparisons/includes/cell.html")
def cell(cell, detailed=False):
    """A matrix cell: its text, and its support level as a symbol and words, not colour alone."""
    return {"cell": cell, "detailed": detailed}
