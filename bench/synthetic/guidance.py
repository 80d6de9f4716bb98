"""Rows of synthetic guidance: scenarios and their recommendations, pros and cons."""

from django.db.models import Max

from comparisons.models import ProCon, Recommendation, Scenario

from .catalogue import SCALE_PREFIX
from .limits import checked_position, max_position
from .vocabulary import CONS, PROS, SCENARIOS


class GuidanceRows:
    """The generator's scenarios, recommendations, pros and cons."""

    def guidance(self, frameworks):
        rng = self.rng
        scenarios = {s.slug: s for s in Scenario.objects.filter(slug__startswith=SCALE_PREFIX)}
        self.reused[Scenario] = len(scenarios)
        position = max_position(Scenario)
        new = []
        for slug, name in SCENARIOS:
            if slug not in scenarios:
                position += 1
                new.append(
                    Scenario(
                        slug=slug,
                        name=name,
                        description="Synthetic scenario from `generate_scale_data`.",
                        position=checked_position(position, "scenarios"),
                    )
                )
        for scenario in self.bulk_create(Scenario, new):
            scenarios[scenario.slug] = scenario

        last_ranks = dict(
            Recommendation.objects.filter(scenario__in=list(scenarios.values()))
            .values("scenario")
            .annotate(last=Max("rank"))
            .values_list("scenario", "last")
        )
        recommendations = []
        for slug, _ in SCENARIOS:
            scenario = scenarios[slug]
            rank = last_ranks.get(scenario.pk) or 0
            for framework in rng.sample(frameworks, min(3, len(frameworks))):
                rank += 1
                recommendations.append(
                    Recommendation(
                        scenario=scenario,
                        framework=framework,
                        rank=checked_position(rank, "recommendation ranks"),
                        qualifier=rng.choice(["", "", "with async views"]),
                        reason=f"Synthetic: {framework.name} is as good a fit as any.",
                    )
                )
        self.bulk_create(Recommendation, recommendations)

        points = []
        for framework in frameworks:
            for kind, texts, how_many in (
                (ProCon.Kind.PRO, PROS, 2),
                (ProCon.Kind.CON, CONS, rng.randint(1, 2)),
            ):
                for position, text in enumerate(rng.sample(texts, how_many), start=1):
                    points.append(
                        ProCon(framework=framework, kind=kind, text=text, position=position)
                    )
        self.bulk_create(ProCon, points)
