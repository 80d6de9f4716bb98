"""The frameworks x attributes matrix every comparison table is laid out from, in a constant
number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format

from comparisons.models import (
    Article,
    Attribute,
    AttributeValue,
    BenchmarkResult,
    Category,
    Framework,
    Release,
    Source,
    latest_per_framework,
)
from comparisons.selection import permalink_slug

from .cells import (
    CELL_FIELDS,
    COMPUTED_CELLS,
    EMPTY_CELL,
    KNOWN,
    Cell,
    cell_from_result,
    cell_from_value,
    source_of,
)


@dataclass
class Row:
    """An attribute's cells, one per framework of the matrix, in the matrix's order."""

    attribute: Attribute
    cells: list[Cell]

    @property
    def differs(self):
        """Whether the frameworks' values differ in meaning, not in wording: “Yes” and
        “Yes (typed)” are the same support level; 10 ms and 10.0 ms the same number."""
        return len({cell.meaning for cell in self.cells}) > 1


@dataclass
class Table:
    category: Category
    frameworks: list[Framework]
    rows: list[Row] = field(default_factory=list)

    @property
    def framework_rows(self):
        """[(framework, [Cell per attribute])]: the table with frameworks as rows."""
        return [
            (framework, [row.cells[index] for row in self.rows])
            for index, framework in enumerate(self.frameworks)
        ]


@dataclass
class SourceUse:
    source: Source | None  # None: this site's measurements, or cells without a source
    measured: bool = False
    cells: int = 0
    quoted: int = 0  # cited benchmark figures, shown as their source gives them
    verified: list = field(default_factory=list)

    @property
    def unverified(self):
        return self.cells - len(self.verified)

    @property
    def last_verified(self):
        return max(self.verified, default=None)


@dataclass
class Matrix:
    frameworks: list[Framework]
    tables: list[Table]
    # With ``with_measured``: the newest measured result of each framework and benchmark.
    measured: list[BenchmarkResult] = field(default_factory=list)

    @property
    def rows(self):
        return [row for table in self.tables for row in table.rows]

    @property
    def as_of(self) -> date | None:
        """The day this data is current as of: its cells' last verification, or the
        watcher's last confirmation of the frameworks' latest versions."""
        days = [cell.verified_on for row in self.rows for cell in row.cells if cell.verified_on]
        days += [f.latest_confirmed_on for f in self.frameworks if f.latest_confirmed_on]
        return max(days, default=None)

    @property
    def sources(self) -> list["SourceUse"]:
        """Each source the cells cite, with how many cells and when they were last verified."""
        uses: dict = {}
        for row in self.rows:
            for cell in row.cells:
                if cell.computed or (cell.is_missing and cell.source is None):
                    continue
                measured = cell.result is not None and cell.result.is_measured
                key = "measured" if measured else (cell.source.pk if cell.source else None)
                use = uses.setdefault(key, SourceUse(None if measured else cell.source, measured))
                if cell.result is not None and not measured:
                    use.quoted += 1  # a figure as its source gives it: nothing to verify
                    continue
                use.cells += 1
                if cell.verified_on:
                    use.verified.append(cell.verified_on)
        return sorted(
            uses.values(), key=lambda use: (use.source is None, -(use.cells + use.quoted))
        )

    def only_differences(self) -> "Matrix":
        """The same matrix without the rows where every framework has the same value."""
        tables = [
            Table(table.category, table.frameworks, [row for row in table.rows if row.differs])
            for table in self.tables
        ]
        return Matrix(self.frameworks, [table for table in tables if table.rows])


def latest_version_text(framework: Framework) -> str:
    """“3.1.2 (19 Aug 2025)”, or just the version when no source gives its date. The date
    is the project's release date where an editor recorded it, else the upload day."""
    if not framework.latest_version:
        return "—"
    day = framework.latest_released_on or framework.latest_uploaded_on
    if day:
        return f"{framework.latest_version} ({date_format(day, 'j M Y')})"
    return framework.latest_version


def latest_version_cell(framework: Framework) -> Cell:
    """The latest version as a typed cell, with its day under it where one is known."""
    if not framework.latest_version:
        return EMPTY_CELL
    day = framework.latest_released_on or framework.latest_uploaded_on
    return Cell(
        text=framework.latest_version,
        sort_key=(KNOWN, framework.latest_version_key),
        day=day,
        detail=date_format(day, "j M Y") if day else "",
    )


def published_frameworks():
    return Framework.objects.published().with_latest_release()


def comparisons_with(framework: Framework) -> list[tuple[Framework, str]]:
    """[(another published framework, the permalink comparing the two)], in the site's order
    (which is also each pair's canonical order): one query."""
    others = Framework.objects.published().exclude(pk=framework.pk).only("name", "slug", "position")
    here = (framework.position, framework.name)
    pairs = []
    for other in others:
        pair = [other, framework] if (other.position, other.name) < here else [framework, other]
        pairs.append((other, reverse("comparisons:compare-permalink", args=[permalink_slug(pair)])))
    return pairs


def articles_naming(framework: Framework) -> list[Article]:
    """The published articles that compare ``framework``, newest first: one query."""
    return list(
        Article.objects.published()
        .filter(article_frameworks__framework=framework)
        .order_by("-published_on", "title")
        .only("title", "slug", "published_on")
    )


def framework_releases(framework: Framework) -> list[Release]:
    """The framework's releases, newest version first, each with its source: one query."""
    return list(framework.releases.select_related("source").order_by("-version_key"))


def build_matrix(
    frameworks: Iterable[Framework] | None = None,
    categories: Iterable[Category] | None = None,
    attributes: Iterable[Attribute] | None = None,
    with_measured: bool = False,
    results: list[BenchmarkResult] | None = None,
) -> Matrix:
    """The frameworks x attributes matrix, grouped by category, in at most four queries.

    ``attributes`` (in display order) overrides ``categories``; neither means all of them.
    ``with_measured`` also collects the frameworks' measured results (in the same query).
    ``results``: every shown result of the frameworks, already loaded (with their
    benchmarks), to take the newest of each from instead of querying.
    """
    frameworks = list(published_frameworks() if frameworks is None else frameworks)
    if attributes is None:
        attributes = Attribute.objects.in_display_order()
        if categories is not None:
            attributes = attributes.filter(category__in=list(categories))
    attributes = list(attributes)

    framework_ids = [framework.pk for framework in frameworks]
    cells = _stored_cells(framework_ids, attributes)
    benchmark_cells, measured = _benchmark_cells(framework_ids, attributes, with_measured, results)
    cells.update(benchmark_cells)
    cells.update(_computed_cells(frameworks, attributes))

    tables: dict[int, Table] = {}
    for attribute in attributes:
        table = tables.setdefault(
            attribute.category_id, Table(category=attribute.category, frameworks=frameworks)
        )
        row_cells = [cells.get((pk, attribute.pk), EMPTY_CELL) for pk in framework_ids]
        table.rows.append(Row(attribute=attribute, cells=row_cells))
    return Matrix(frameworks=frameworks, tables=list(tables.values()), measured=measured)


def _stored_cells(framework_ids, attributes) -> dict[tuple[int, int], Cell]:
    """The cells editors typed in, by (framework, attribute), in one query."""
    typed = [a for a in attributes if a.benchmark_id is None and not a.computed]
    if not (typed and framework_ids):
        return {}
    attributes_by_id = {attribute.pk: attribute for attribute in typed}
    sources: dict[int, Source] = {}
    # Named tuples, not model instances: a wide matrix has thousands of cells.
    # Unordered: the cells go into a dict, and Meta.ordering would sort every cell
    # through joins to the framework, the attribute and its category.
    values = (
        AttributeValue.objects.filter(framework__in=framework_ids, attribute__in=typed)
        .order_by()
        .values_list(*CELL_FIELDS, named=True)
    )
    return {
        (value.framework_id, value.attribute_id): cell_from_value(
            value, attributes_by_id[value.attribute_id], source_of(value, sources)
        )
        for value in values
    }


def _benchmark_cells(framework_ids, attributes, with_measured, results):
    """The cells of benchmark-backed rows (each framework's newest shown result), and the
    measured results no row shows, in one query or none when ``results`` are given."""
    backed = defaultdict(list)
    for attribute in attributes:
        if attribute.benchmark_id is not None:
            backed[attribute.benchmark_id].append(attribute)
    cells, measured = {}, []
    if not ((backed or with_measured) and framework_ids):
        return cells, measured
    if results is not None:
        results = latest_per_framework(results)
    else:
        wanted = Q(benchmark__in=list(backed))
        if with_measured:
            wanted |= Q(origin=BenchmarkResult.Origin.MEASURED)
        results = (
            # Withheld results are left out before the newest is picked: readers see
            # the newest published one instead.
            BenchmarkResult.objects.shown()
            .latest_per_framework()
            .filter(wanted, framework__in=framework_ids)
            .select_related("benchmark", "source", "release")
            .order_by()  # into a dict too
        )
    for result in results:
        for attribute in backed.get(result.benchmark_id, ()):
            cells[result.framework_id, attribute.pk] = cell_from_result(result)
        if with_measured and result.is_measured and result.benchmark_id not in backed:
            measured.append(result)
    return cells, measured


def _computed_cells(frameworks, attributes) -> dict[tuple[int, int], Cell]:
    """The rows the site works out from the frameworks' own annotations: no query."""
    return {
        (framework.pk, attribute.pk): COMPUTED_CELLS[attribute.computed](framework)
        for attribute in attributes
        if attribute.computed
        for framework in frameworks
    }


def key_attributes():
    return Attribute.objects.in_display_order().filter(is_key=True)
