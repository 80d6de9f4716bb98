"""Rows of synthetic guidance: scenarios and their recommendations, pros and cons."""

from django.db.models import Max

from comparisons.models import ProCon, Recommendation
from tests.factories import ProConFactory, RecommendationFactory, ScenarioFactory

from .limits import checked_position
from .vocabulary import CONS, PROS, SCENARIOS


class GuidanceRows:
    """The generator's scenarios, recommendations, pros and cons."""

    def guidance(self, frameworks):
        rng = self.rng
        description = "Synthetic scenario from `generate_scale_data`."
        scenarios = self.reuse_or_add(
            ScenarioFactory,
            [{"slug": slug, "name": name, "description": description} for slug, name in SCENARIOS],
            "scenarios",
        )
        last_ranks = dict(
            Recommendation.objects.filter(scenario__in=list(scenarios.values()))
            .values("scenario")
            .annotate(last=Max("rank"))
            .values_list("scenario", "last")
        )
        recommendations = []
        for slug, _ in SCENARIOS:
            scenario = scenarios[slug]
            after = last_ranks.get(scenario.pk) or 0
            for rank, framework in enumerate(
                rng.sample(frameworks, min(3, len(frameworks))), start=after + 1
            ):
                recommendations.append(
                    RecommendationFactory.build(
                        scenario=scenario,
                        framework=framework,
                        rank=checked_position(rank, "recommendation ranks"),
                        qualifier=rng.choice(["", "", "with async views"]),
                        reason=f"Synthetic: {framework.name} is as good a fit as any.",
                    )
                )
        self.bulk_create(Recommendation, recommendations)
        self.bulk_create(
            ProCon,
            [
                ProConFactory.build(framework=framework, kind=kind, text=text, position=position)
                for framework in frameworks
                for kind, texts, how_many in (
                    (ProCon.Kind.PRO, PROS, 2),
                    (ProCon.Kind.CON, CONS, rng.randint(1, 2)),
                )
                for position, text in enumerate(rng.sample(texts, how_many), start=1)
            ],
        )
