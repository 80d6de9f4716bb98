"""The query layer: comparison matrices and article data in a constant number of queries.

Every table on the site (article, compare page, framework pages, exports) is built
here. Cells are fetched with one query per kind and mapped in Python, so the cost
does not grow with the number of frameworks or attributes.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .models import (
    Article,
    ArticleSection,
    Attribute,
    AttributeValue,
    BenchmarkResult,
    Category,
    Framework,
    ProCon,
    Recommendation,
    Release,
    SupportLevel,
    ValueKind,
)
from .models.articles import DataBlock
from .numbers import format_number

# Sorting puts known values first (in the chosen direction) and missing ones last.
_KNOWN, _MISSING = 0, 1


@dataclass(frozen=True)
class Cell:
    """One value as readers see it, with the typed key it sorts by."""

    text: str
    sort_key: tuple = (_MISSING,)
    support: SupportLevel | None = None
    note: str = ""
    source_url: str = ""
    verified_on: date | None = None
    result: BenchmarkResult | None = None

    @property
    def is_missing(self):
        return self.sort_key[0] == _MISSING


EMPTY_CELL = Cell(text="—")


def _range_text(low: Decimal, high: Decimal | None, unit: str) -> str:
    figures = format_number(low)
    if high is not None and high != low:
        figures = f"{figures}–{format_number(high)}"
    return f"{figures} {unit}".strip()


CELL_FIELDS = (
    "framework_id",
    "attribute_id",
    "support",
    "display_text",
    "number",
    "upper_number",
    "ordinal_rank",
    "note",
    "source_url",
    "verified_on",
)


def cell_from_value(value: AttributeValue, attribute: Attribute) -> Cell:
    """A Cell from a stored value (a model instance or a row with ``CELL_FIELDS``)."""
    kind = attribute.value_kind
    support = SupportLevel(value.support)
    if kind == ValueKind.SUPPORT:
        text = value.display_text or support.label
        key = (_MISSING,) if support.rank is None else (_KNOWN, support.rank)
    elif kind in (ValueKind.NUMBER, ValueKind.RANGE) and value.number is not None:
        text = value.display_text or _range_text(value.number, value.upper_number, attribute.unit)
        key = (_KNOWN, value.number, value.upper_number or value.number)
    elif kind == ValueKind.ORDINAL and value.ordinal_rank is not None:
        text = value.display_text or str(value.ordinal_rank)
        key = (_KNOWN, value.ordinal_rank)
    else:
        text = value.display_text or EMPTY_CELL.text
        key = (_KNOWN, value.display_text.casefold()) if value.display_text else (_MISSING,)
    return Cell(
        text=text,
        sort_key=key,
        support=support if kind == ValueKind.SUPPORT else None,
        note=value.note,
        source_url=value.source_url,
        verified_on=value.verified_on,
    )


def cell_from_result(result: BenchmarkResult) -> Cell:
    high = result.high_value if result.high_value is not None else result.low_value
    return Cell(
        text=result.display,
        sort_key=(_KNOWN, result.low_value, high),
        note=result.notes,
        source_url=result.source_url,
        verified_on=result.measured_on,
        result=result,
    )


@dataclass
class Row:
    """An attribute's cells, one per framework of the matrix, in the matrix's order."""

    attribute: Attribute
    cells: list[Cell]

    @property
    def differs(self):
        return len({cell.text for cell in self.cells}) > 1


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
class Matrix:
    frameworks: list[Framework]
    tables: list[Table]

    @property
    def rows(self):
        return [row for table in self.tables for row in table.rows]

    def only_differences(self) -> "Matrix":
        """The same matrix without the rows where every framework has the same value."""
        tables = [
            Table(table.category, table.frameworks, [row for row in table.rows if row.differs])
            for table in self.tables
        ]
        return Matrix(self.frameworks, [table for table in tables if table.rows])


def published_frameworks():
    return Framework.objects.published().with_latest_release()


def published_framework_releases(slug: str) -> list[Release]:
    """A published framework's releases, newest version first, each with the framework.

    One query for the framework and its releases; empty for an unknown or unpublished
    framework, and for one without releases. The shared Framework object carries what
    ``published_frameworks()`` annotates (``latest_version`` and the rest).
    """
    releases = list(
        Release.objects.filter(framework__slug=slug, framework__is_published=True)
        .select_related("framework")
        .order_by("-version_key")
    )
    if releases:
        latest = releases[0]
        framework = latest.framework
        framework.latest_version = latest.version
        framework.latest_version_key = latest.version_key
        framework.latest_release_date = latest.released_on
        for release in releases[1:]:
            release.framework = framework
    return releases


def build_matrix(
    frameworks: Iterable[Framework] | None = None,
    categories: Iterable[Category] | None = None,
    attributes: Iterable[Attribute] | None = None,
) -> Matrix:
    """The frameworks x attributes matrix, grouped by category, in at most four queries.

    ``attributes`` (in display order) overrides ``categories``; neither means all of them.
    """
    frameworks = list(published_frameworks() if frameworks is None else frameworks)
    if attributes is None:
        attributes = Attribute.objects.in_display_order()
        if categories is not None:
            attributes = attributes.filter(category__in=list(categories))
    attributes = list(attributes)

    framework_ids = [framework.pk for framework in frameworks]
    cells: dict[tuple[int, int], Cell] = {}
    typed = [attribute for attribute in attributes if attribute.benchmark_id is None]
    attributes_by_id = {attribute.pk: attribute for attribute in attributes}
    if typed and framework_ids:
        # Named tuples, not model instances: a wide matrix has thousands of cells.
        values = AttributeValue.objects.filter(
            framework__in=framework_ids, attribute__in=typed
        ).values_list(*CELL_FIELDS, named=True)
        for value in values:
            attribute = attributes_by_id[value.attribute_id]
            cells[value.framework_id, value.attribute_id] = cell_from_value(value, attribute)

    backed = defaultdict(list)
    for attribute in attributes:
        if attribute.benchmark_id is not None:
            backed[attribute.benchmark_id].append(attribute)
    if backed and framework_ids:
        results = (
            BenchmarkResult.objects.latest_per_framework()
            .filter(benchmark__in=list(backed), framework__in=framework_ids)
            .select_related("benchmark")
        )
        for result in results:
            for attribute in backed[result.benchmark_id]:
                cells[result.framework_id, attribute.pk] = cell_from_result(result)

    tables: dict[int, Table] = {}
    for attribute in attributes:
        table = tables.setdefault(
            attribute.category_id, Table(category=attribute.category, frameworks=frameworks)
        )
        row_cells = [cells.get((pk, attribute.pk), EMPTY_CELL) for pk in framework_ids]
        table.rows.append(Row(attribute=attribute, cells=row_cells))
    return Matrix(frameworks=frameworks, tables=list(tables.values()))


def overview_rows(frameworks: list[Framework]) -> list[tuple[str, list[Any]]]:
    """The facts table: one row per fact, one value per framework.

    Expects frameworks from ``published_frameworks()`` (with ``latest_version``).
    """
    facts = [
        ("Type", "kind"),
        ("First Release", "first_release_year"),
        ("Creator", "creators"),
        ("Core Focus", "core_focus"),
        ("Latest Version", "latest_version"),
    ]
    return [
        (label, [getattr(framework, name) or "—" for framework in frameworks])
        for label, name in facts
    ]


@dataclass
class ScenarioRow:
    scenario: Any
    recommendations: list[Recommendation]


def scenario_rows(frameworks: list[Framework]) -> list[ScenarioRow]:
    """Scenarios in order with their recommendations among ``frameworks``, in one query."""
    recommendations = (
        Recommendation.objects.filter(framework__in=frameworks)
        .select_related("scenario", "framework")
        .order_by("scenario__position", "scenario__name", "rank")
    )
    rows: dict[int, ScenarioRow] = {}
    for recommendation in recommendations:
        row = rows.setdefault(recommendation.scenario_id, ScenarioRow(recommendation.scenario, []))
        row.recommendations.append(recommendation)
    return list(rows.values())


@dataclass
class ProsAndCons:
    framework: Framework
    pros: list[ProCon] = field(default_factory=list)
    cons: list[ProCon] = field(default_factory=list)


def pros_and_cons(frameworks: list[Framework]) -> list[ProsAndCons]:
    by_framework = {framework.pk: ProsAndCons(framework) for framework in frameworks}
    for point in ProCon.objects.filter(framework__in=frameworks).order_by("position", "pk"):
        entry = by_framework[point.framework_id]
        (entry.pros if point.kind == ProCon.Kind.PRO else entry.cons).append(point)
    return list(by_framework.values())


@dataclass
class SectionView:
    section: Any
    table: Table | None = None


@dataclass
class ArticleView:
    article: Article
    sections: list[SectionView]
    frameworks: list[Framework]
    overview: list | None = None
    scenarios: list[ScenarioRow] | None = None
    pros_and_cons: list[ProsAndCons] | None = None


def published_article_sections(slug: str) -> list[ArticleSection]:
    """A published article's sections in order, each with the article and its category.

    One query for the article and its sections; empty for an unknown or unpublished
    article, and for one without sections. All the sections share one Article object.
    """
    sections = list(
        ArticleSection.objects.filter(article__slug=slug, article__is_published=True)
        .select_related("article", "category")
        .order_by("position", "pk")
    )
    for section in sections[1:]:
        section.article = sections[0].article
    return sections


def build_article(article: Article, sections: list[ArticleSection] | None = None) -> ArticleView:
    """Everything the article page shows; each kind of data block costs one query at most.

    ``sections`` (from ``published_article_sections``) saves the query for them.
    """
    if sections is None:
        sections = list(article.sections.select_related("category").order_by("position", "pk"))
    blocks = {section.data_block for section in sections}
    frameworks = list(published_frameworks())
    view = ArticleView(article=article, sections=[], frameworks=frameworks)

    categories = [section.category for section in sections if section.category_id]
    tables = {}
    if categories:
        matrix = build_matrix(frameworks, categories)
        tables = {table.category.pk: table for table in matrix.tables}
    if DataBlock.OVERVIEW in blocks:
        view.overview = overview_rows(frameworks)
    if DataBlock.SCENARIOS in blocks:
        view.scenarios = scenario_rows(frameworks)
    if DataBlock.PROS_CONS in blocks:
        view.pros_and_cons = pros_and_cons(frameworks)
    view.sections = [SectionView(section, tables.get(section.category_id)) for section in sections]
    return view


def _text_cell(text) -> Cell:
    text = str(text or "")
    return Cell(text=text, sort_key=(_KNOWN, text.casefold())) if text else EMPTY_CELL


def key_attributes():
    return Attribute.objects.in_display_order().filter(is_key=True)


def framework_rows(frameworks: list[Framework], matrix: Matrix, facts=True) -> list[dict]:
    """Table rows, one per framework: its facts as typed cells (if ``facts``), then its cells.

    Expects frameworks from ``published_frameworks()`` (with the latest release annotated).
    """
    rows = []
    for index, framework in enumerate(frameworks):
        if not facts:
            row = {"framework": framework}
            for matrix_row in matrix.rows:
                row[attribute_column(matrix_row.attribute)] = matrix_row.cells[index]
            rows.append(row)
            continue
        if framework.latest_version:
            latest = Cell(
                text=framework.latest_version, sort_key=(_KNOWN, framework.latest_version_key)
            )
        else:
            latest = EMPTY_CELL
        row = {
            "framework": framework,
            "kind": _text_cell(framework.kind),
            "first_release": Cell(
                text=str(framework.first_release_year),
                sort_key=(_KNOWN, framework.first_release_year),
            ),
            "creators": _text_cell(framework.creators),
            "latest_version": latest,
            "license": _text_cell(framework.license),
        }
        for matrix_row in matrix.rows:
            row[attribute_column(matrix_row.attribute)] = matrix_row.cells[index]
        rows.append(row)
    return rows


def framework_column(framework: Framework) -> str:
    """The transposed table's column of a framework (prefixed: slugs could be "category")."""
    return f"fw-{framework.slug}"


def attribute_column(attribute: Attribute) -> str:
    """The table column (and ``?sort=`` key) of an attribute: its slug."""
    return attribute.slug


def attribute_rows(matrix: Matrix) -> list[dict]:
    """The transposed table: one row per attribute, one cell per framework (keyed by slug)."""
    return [
        {
            "attribute": row.attribute,
            "category": row.attribute.category.name,
            "differs": row.differs,
            **{
                framework_column(framework): cell
                for framework, cell in zip(matrix.frameworks, row.cells, strict=True)
            },
        }
        for row in matrix.rows
    ]
