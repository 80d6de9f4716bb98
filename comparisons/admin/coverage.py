"""How complete each framework's data is: what an editor fills before readers see it."""

from dataclasses import dataclass

from django.db.models import Count, Q

from comparisons.models import Attribute, AttributeValue, Framework


@dataclass
class Coverage:
    framework: Framework
    expected: int  # rows whose cells editors enter (not benchmark-backed, not computed)
    cells: int = 0
    unverified: int = 0
    unsourced: int = 0

    @property
    def missing(self):
        return max(self.expected - self.cells, 0)

    @property
    def gaps(self):
        return self.missing + self.unverified + self.unsourced

    @property
    def summary(self):
        parts = []
        if self.missing:
            parts.append(f"{self.missing} of {self.expected} rows without a cell")
        if self.unverified:
            parts.append(f"{self.unverified} cells never verified")
        if self.unsourced:
            parts.append(f"{self.unsourced} cells without a source")
        return ", ".join(parts) or "complete"


def typed_attributes():
    return Attribute.objects.filter(benchmark__isnull=True, computed="")


def coverage(frameworks) -> list[Coverage]:
    """Each framework's gaps, in two queries whatever the number of frameworks."""
    frameworks = list(frameworks)
    expected = typed_attributes().count()
    counts = {
        row["framework"]: row
        for row in AttributeValue.objects.filter(
            framework__in=frameworks, attribute__in=typed_attributes()
        )
        .values("framework")
        .annotate(
            cells=Count("pk"),
            unverified=Count("pk", filter=Q(verified_on__isnull=True)),
            # An unknown cell (no value, a note why) needs no source.
            unsourced=Count("pk", filter=Q(source__isnull=True) & Q(note="")),
        )
        .order_by()
    }
    result = []
    for framework in frameworks:
        row = counts.get(framework.pk, {})
        result.append(
            Coverage(
                framework,
                expected,
                row.get("cells", 0),
                row.get("unverified", 0),
                row.get("unsourced", 0),
            )
        )
    return result
