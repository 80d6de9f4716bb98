"""The decision helper: rank frameworks by how well they meet a reader's needs, and say why.

A need is a support row (“Admin Panel”) with a weight the reader gives it. Each framework
scores per need the points of its cell's support level (``SupportLevel.score``: the same
order the tables sort by, written on the methodology page) times the weight; unknown scores
nothing and is reported as unknown. The cells come from ``queries.build_matrix`` in one
query, so the cost does not grow with the number of frameworks or needs.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import queries
from .models import Attribute, Framework, Recommendation, Scenario, SupportLevel

FULL_POINTS = 1.0

# The level in words, after the cell's own text: “Admin Panel: Yes — built in”.
LEVEL_WORDS = {
    SupportLevel.YES: "built in",
    SupportLevel.PARTIAL: "partial support",
    SupportLevel.VIA_EXTENSION: "via an extension",
    SupportLevel.NO: "not supported",
    SupportLevel.UNKNOWN: "unknown",
}
NO_DATA = "No data"


@dataclass(frozen=True)
class Reason:
    """How one framework meets one need: the cell readers see, its support level, and how
    much the need weighs."""

    need: Attribute
    cell: queries.Cell
    weight: int = 2
    builtin_only: bool = False

    @property
    def level(self) -> SupportLevel:
        # A missing cell, or a row that is not a support row, tells us nothing: unknown.
        return self.cell.support or SupportLevel.UNKNOWN

    @property
    def points(self) -> float:
        """The share of the need met, 0 to 1 (0 for unknown)."""
        if self.builtin_only and self.level == SupportLevel.VIA_EXTENSION:
            return 0.0
        return self.level.score or 0.0

    @property
    def weighted_points(self) -> float:
        return self.points * self.weight

    @property
    def is_met(self) -> bool:
        return self.points == FULL_POINTS

    @property
    def is_partly_met(self) -> bool:
        return 0 < self.points < FULL_POINTS

    @property
    def is_unknown(self) -> bool:
        return self.level == SupportLevel.UNKNOWN

    @property
    def display_text(self) -> str:
        """The cell's text; “No data” rather than a dash or a bare “Unknown”."""
        if self.cell.support is None and self.cell.is_missing:
            return NO_DATA
        if self.is_unknown and self.cell.text == SupportLevel.UNKNOWN.label:
            return NO_DATA
        return self.cell.text

    @property
    def level_words(self) -> str:
        return LEVEL_WORDS[self.level]

    def __str__(self):
        return f"{self.need.name}: {self.display_text} — {self.level_words}"


@dataclass
class Ranking:
    """A framework's place for the chosen needs, with a reason per need (in the needs' order)."""

    framework: Framework
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(reason.weighted_points for reason in self.reasons)

    @property
    def max_score(self) -> float:
        """What a framework meeting every known need in full would score."""
        return sum(reason.weight for reason in self.reasons if not reason.is_unknown)

    @property
    def percent(self) -> int | None:
        return round(100 * self.score / self.max_score) if self.max_score else None

    @property
    def met(self) -> int:
        return sum(reason.is_met for reason in self.reasons)

    @property
    def partly_met(self) -> int:
        return sum(reason.is_partly_met for reason in self.reasons)

    @property
    def unknown(self) -> int:
        return sum(reason.is_unknown for reason in self.reasons)

    @property
    def summary(self) -> str:
        """“meets 2 of 3 needs fully, 1 partly” (and how many are unknown, if any)."""
        total = len(self.reasons)
        text = f"meets {self.met} of {total} need{'' if total == 1 else 's'} fully"
        if self.partly_met:
            text += f", {self.partly_met} partly"
        if self.unknown:
            text += f"; {self.unknown} unknown"
        return text

    @property
    def sort_key(self) -> tuple:
        # Rounded: sums of thirds must not split a tie by floating-point noise.
        return (-round(self.score, 6), self.unknown, self.framework.position, self.framework.name)


def rank_frameworks(
    frameworks: Iterable[Framework],
    needs: dict[Attribute, int] | Iterable[Attribute],
    builtin_only: bool = False,
) -> list[Ranking]:
    """Frameworks best first for ``needs`` ({need: weight}, or needs of equal weight); ties
    go to fewer unknowns, then the frameworks' position, then name.

    One query for the cells (none when there are no needs or no frameworks), whatever the sizes.
    """
    frameworks = list(frameworks)
    weights = needs if isinstance(needs, dict) else dict.fromkeys(needs, 2)
    if not frameworks:
        return []
    if not weights:
        return sorted(
            (Ranking(framework) for framework in frameworks), key=lambda ranking: ranking.sort_key
        )
    matrix = queries.build_matrix(frameworks, attributes=list(weights))
    cells = {row.attribute.pk: row.cells for row in matrix.rows}
    rankings = [
        Ranking(
            framework,
            [
                Reason(need, cells[need.pk][index], weight, builtin_only)
                for need, weight in weights.items()
            ],
        )
        for index, framework in enumerate(matrix.frameworks)
    ]
    return sorted(rankings, key=lambda ranking: ranking.sort_key)


def scenario_recommendations(scenario: Scenario) -> list[Recommendation]:
    """The scenario's recommendations among published frameworks, best first, in one query."""
    return list(
        scenario.recommendations.filter(framework__is_published=True)
        .select_related("framework")
        .order_by("rank", "framework__position", "framework__name")
    )


@dataclass
class Decision:
    """Everything the decision page shows for the reader's choices."""

    needs: dict[Attribute, int]
    scenario: Scenario | None = None
    builtin_only: bool = False
    rankings: list[Ranking] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


def decide(
    needs: dict[Attribute, int], scenario: Scenario | None = None, builtin_only: bool = False
) -> Decision:
    """Rank the published frameworks for the weighted ``needs``, and fetch ``scenario``'s
    recommendations.

    Two queries for the ranking (frameworks, cells) and one for the recommendations.
    """
    decision = Decision(needs=needs, scenario=scenario, builtin_only=builtin_only)
    if needs:
        decision.rankings = rank_frameworks(Framework.objects.published(), needs, builtin_only)
    if scenario is not None:
        decision.recommendations = scenario_recommendations(scenario)
    return decision
