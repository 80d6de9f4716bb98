from django import template

from comparisons.models import ReleaseProposal

register = template.Library()


@register.simple_tag
def pending_release_count():
    """How many upstream releases wait for an editor (the admin index's reminder)."""
    return ReleaseProposal.objects.pending().count()
