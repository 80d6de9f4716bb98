"""The about page: how the data is kept and where it comes from."""

from django.views.generic import TemplateView

from comparisons import statistics
from comparisons.models import Attribute, SupportLevel
from comparisons.standings import RANK_RULE

from .meta import PageMetaMixin


class AboutView(PageMetaMixin, TemplateView):
    template_name = "comparisons/about.html"
    page_title = "About and methodology"
    page_description = (
        "Where the comparison data comes from, how editors keep it current, and how the "
        "benchmarks are measured."
    )


class MethodologyView(PageMetaMixin, TemplateView):
    """The rules every cell follows: what each mark means, which extensions count, what
    each attribute checks, how the decision helper scores and how support is inferred."""

    template_name = "comparisons/methodology.html"
    page_title = "Methodology: how every mark is decided"
    page_description = (
        "What yes, via extension, partial, no and unknown mean, which extensions count, what "
        "each attribute checks, and how the decision helper scores frameworks."
    )

    def get_context_data(self, **kwargs):
        attributes = Attribute.objects.in_display_order()
        categories: dict = {}
        for attribute in attributes:
            categories.setdefault(attribute.category, []).append(attribute)
        levels = [(level, level.score) for level in SupportLevel]
        figures = {
            "confidence": f"{statistics.CONFIDENCE:.0%}",
            "alpha": statistics.ALPHA,
            "min_runs": statistics.MIN_RUNS,
            "runs_needed": statistics.runs_needed(),
            "rank_rule": RANK_RULE,
        }
        return super().get_context_data(
            categories=categories, levels=levels, statistics=figures, **kwargs
        )
