"""The decision helper: rank frameworks by how well they meet a reader's needs, and say why.

A need is a support row (“Admin Panel”). Each framework scores per need by its cell's support
level: yes beats partial or via an extension (equal to each other), which beat no; unknown
scores like no but is reported as unknown. The cells come from ``queries.build_matrix`` in one
query, so the cost does not grow with the number of frameworks or needs.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import queries
from .models import Attribute, Framework, Recommendation, Scenario, SupportLevel

# Points per support level: a partial answer or an extension is half of a built-in one.
POINTS = {
    SupportLevel.YES: 2,
    SupportLevel.PARTIAL: 1,
    SupportLevel.VIA_EXTENSION: 1,
    SupportLevel.NO: 0,
    SupportLevel.UNKNOWN: 0,
}
FULL_POINTS = POINTS[SupportLevel.YES]

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
    """How one framework meets one need: the cell readers see, and its support level."""

    need: Attribute
    cell: queries.Cell

    @property
    def level(self) -> SupportLevel:
        # A missing cell, or a row that is not a support row, tells us nothing: unknown.
        return self.cell.support or SupportLevel.UNKNOWN

    @property
    def points(self) -> int:
        return POINTS[self.level]

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
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    @property
    def max_score(self) -> int:
        return FULL_POINTS * len(self.reasons)

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
        return (-self.score, self.framework.position, self.framework.name)


def rank_frameworks(frameworks: Iterable[Framework], needs: Iterable[Attribute]) -> list[Ranking]:
    """Frameworks best first for ``needs``; ties keep the frameworks' position, then name.

    One query for the cells (none when there are no needs or no frameworks), whatever the sizes.
    """
    frameworks, needs = list(frameworks), list(needs)
    if not frameworks:
        return []
    if not needs:
        return sorted(
            (Ranking(framework) for framework in frameworks), key=lambda ranking: ranking.sort_key
        )
    matrix = queries.build_matrix(frameworks, attributes=needs)
    cells = {row.attribute.pk: row.cells for row in matrix.rows}
    rankings = [
        Ranking(framework, [Reason(need, cells[need.pk][index]) for need in needs])
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

    needs: list[Attribute]
    scenario: Scenario | None = None
    rankings: list[Ranking] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


def decide(needs: Iterable[Attribute], scenario: Scenario | None = None) -> Decision:
    """Rank the published frameworks for ``needs``, and fetch ``scenario``'s recommendations.

    Two queries for the ranking (frameworks, cells) and one for the recommendations.
    """
    needs = list(needs)
    decision = Decision(needs=needs, scenario=scenario)
    if needs:
        decision.rankings = rank_frameworks(Framework.objects.published(), needs)
    if scenario is not None:
        decision.recommendations = scenario_recommendations(scenario)
    return decision
