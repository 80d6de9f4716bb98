"""The decision helper. Thin: ``forms.py`` reads the choices, ``decisions.py`` ranks."""

from django.views.generic import TemplateView

from comparisons import decisions
from comparisons.forms import BEST_RANKED_SHOWN, ChooseForm, Weight
from comparisons.models import Scenario, SupportLevel

from .meta import PageMetaMixin


class ChooseView(PageMetaMixin, TemplateView):
    """Tick needs or pick a scenario (a GET form); frameworks ranked, with a reason per need."""

    template_name = "comparisons/choose.html"
    page_title = "Choose a framework"
    page_description = (
        "Tick the features you need, or pick a scenario: Python web frameworks ranked by how "
        "well they fit, with the reason for every need."
    )

    def get_context_data(self, **kwargs):
        form = ChooseForm(self.request.GET or None)
        needs, scenario = form.selection()
        decision = decisions.decide(needs, scenario, form.counts_only_builtin())
        chosen = bool(needs or scenario)
        shown = decision.rankings
        if not form.shows_every_framework():
            shown = shown[:BEST_RANKED_SHOWN]
        return super().get_context_data(
            form=form,
            decision=decision,
            rankings=shown,
            ranked_lower=len(decision.rankings) - len(shown),
            # Submitted with every need “Not needed” and no scenario: say so, not nothing.
            asked_nothing=form.is_bound and not chosen,
            # With nothing chosen, every scenario is offered as a one-click start.
            scenarios=None if chosen else Scenario.objects.all(),
            need_choices=form.need_choices(),
            weights=Weight.choices,
            levels=[(level, level.score) for level in SupportLevel],
            **kwargs,
        )
