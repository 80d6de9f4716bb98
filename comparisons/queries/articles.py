"""Everything an article page shows, each kind of data block in at most one query."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format

from comparisons.models import (
    Article,
    ArticleSection,
    Framework,
    ProCon,
    Recommendation,
    Source,
)
from comparisons.models.articles import DataBlock
from comparisons.numbers import format_number

from .matrix import Table, build_matrix, latest_version_text, published_frameworks


def overview_rows(frameworks: list[Framework]) -> list[tuple[str, list[Any]]]:
    """The facts table: one row per fact, one value per framework.

    Expects frameworks from ``published_frameworks()`` (with ``latest_version``).
    """
    facts = [
        ("Type", "kind"),
        ("First Release", "first_release_year"),
        ("Creator", "creators"),
        ("Core Focus", "core_focus"),
    ]
    rows = [
        (label, [getattr(framework, name) or "—" for framework in frameworks])
        for label, name in facts
    ]
    rows.append(("Latest Version", [latest_version_text(framework) for framework in frameworks]))
    return rows


@dataclass
class VersionsChecked:
    """When the latest versions were last checked, and against what (the source's “(2025)”)."""

    checked_on: Any = None  # the oldest check among the frameworks, if all were checked
    sources: list[Source] = field(default_factory=list)


def versions_checked(frameworks: list[Framework], known=()) -> VersionsChecked:
    """When the versions were checked, or the sources of the latest releases (their year
    says when). At most one query: none when they all cite a source in ``known``."""
    dates = [framework.versions_checked_on for framework in frameworks]
    checked_on = min(dates) if dates and all(dates) else None
    source_ids = {framework.latest_release_source_id for framework in frameworks} - {None}
    known = {source.pk: source for source in known if source is not None}
    sources = [known[pk] for pk in sorted(source_ids & known.keys())]
    if source_ids - known.keys():
        sources += list(Source.objects.filter(pk__in=source_ids - known.keys()))
    return VersionsChecked(checked_on=checked_on, sources=sources)


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
class MeasuredRow:
    framework: Framework
    cited: Any  # the cited BenchmarkResult the table shows, or None
    pairs: list  # (measured benchmark, its BenchmarkResult or None)
    version: str = ""  # the version the measured runs used


@dataclass
class MeasuredBesideCited:
    """The site's own measurements beside a table's cited figures, where they disagree."""

    cited_benchmark: Any
    benchmarks: list
    rows: list[MeasuredRow]
    disagreements: list[str]
    setups: list[str]


def _speed_order(results, lower_is_better):
    """Framework names, fastest first, by each result's median (or low) figure."""
    figures = [
        (result.median_value if result.median_value is not None else result.low_value, name)
        for name, result in results
    ]
    return [name for _, name in sorted(figures, reverse=not lower_is_better)]


def _setup_text(result):
    text = result.setup_text(leave_out=("framework_version",))
    return f"{text}; measured {date_format(result.measured_on, 'j M Y')}"


def measured_beside_cited(table: Table, measured: list) -> MeasuredBesideCited | None:
    """Compare a table's cited benchmark row with the measured results, from the data.

    They disagree when the measured figures rank the frameworks in another order, or when
    a measured figure in the cited unit falls outside the cited range. None if they agree
    or either side is missing.
    """
    cited_row = next(
        (
            row
            for row in table.rows
            if row.attribute.benchmark_id
            and any(cell.result and not cell.result.is_measured for cell in row.cells)
        ),
        None,
    )
    if cited_row is None or not measured:
        return None
    frameworks = table.frameworks
    cited = {
        framework.pk: cell.result
        for framework, cell in zip(frameworks, cited_row.cells, strict=True)
        if cell.result
    }
    cited_benchmark = next(iter(cited.values())).benchmark
    benchmarks = sorted({r.benchmark for r in measured}, key=lambda b: (b.position, b.name))
    by_key = {(r.framework_id, r.benchmark_id): r for r in measured}
    names = {framework.pk: framework.name for framework in frameworks}

    disagreements = []
    cited_order = _speed_order(
        [(names[pk], result) for pk, result in cited.items()], cited_benchmark.lower_is_better
    )
    for benchmark in benchmarks:
        results = [(names[pk], by_key.get((pk, benchmark.pk))) for pk in cited]
        results = [(name, result) for name, result in results if result]
        if len(results) < 2:
            continue
        order = _speed_order(results, benchmark.lower_is_better)
        same_frameworks = [name for name in cited_order if name in order]
        if order != same_frameworks:
            disagreements.append(
                f"{benchmark.name}: measured here, fastest first, {', '.join(order)}; "
                f"the cited figures rank {', '.join(same_frameworks)}."
            )
        if benchmark.unit == cited_benchmark.unit:
            for name, result in results:
                figure = (
                    result.median_value if result.median_value is not None else result.low_value
                )
                source = next(r for pk, r in cited.items() if names[pk] == name)
                high = source.high_value if source.high_value is not None else source.low_value
                if not source.low_value <= figure <= high:
                    disagreements.append(
                        f"{name}: {benchmark.name.lower()} measured here is "
                        f"{format_number(figure)} {benchmark.unit}, outside the cited "
                        f"{source.figures}."
                    )
    if not disagreements:
        return None
    rows = []
    for framework in frameworks:
        pairs = [(benchmark, by_key.get((framework.pk, benchmark.pk))) for benchmark in benchmarks]
        versions = [result.framework_version for _, result in pairs if result]
        rows.append(
            MeasuredRow(framework, cited.get(framework.pk), pairs, next(iter(versions), ""))
        )
    setups = sorted({_setup_text(result) for result in measured if result.measured_on})
    return MeasuredBesideCited(cited_benchmark, benchmarks, rows, disagreements, setups)


@dataclass
class SectionView:
    section: Any
    table: Table | None = None
    measured: MeasuredBesideCited | None = None


@dataclass
class ArticleView:
    article: Article
    sections: list[SectionView]
    frameworks: list[Framework]
    overview: list | None = None
    versions_checked: VersionsChecked | None = None
    scenarios: list[ScenarioRow] | None = None
    pros_and_cons: list[ProsAndCons] | None = None


def published_article_sections(slug: str) -> list[ArticleSection]:
    """A published article's sections in order, each with the article and its category.

    One query for the article and its sections; empty for an unknown or unpublished
    article, and for one without sections.
    """
    return list(
        ArticleSection.objects.filter(article__slug=slug, article__is_published=True)
        .select_related("article__source", "category")
        .order_by("position", "pk")
    )


def article_frameworks(article: Article) -> list[Framework]:
    """The published frameworks the article names, in its order (never every framework)."""
    return list(
        published_frameworks()
        .filter(article_frameworks__article=article)
        .order_by("article_frameworks__position", "article_frameworks__pk")
    )


def build_article(article: Article, sections: list[ArticleSection] | None = None) -> ArticleView:
    """Everything the article page shows; each kind of data block costs one query at most.

    ``sections`` (from ``published_article_sections``) saves the query for them.
    """
    if sections is None:
        sections = list(article.sections.select_related("category").order_by("position", "pk"))
    blocks = {section.data_block for section in sections}
    frameworks = article_frameworks(article)
    view = ArticleView(article=article, sections=[], frameworks=frameworks)

    categories = [section.category for section in sections if section.category_id]
    tables = {}
    measured = []
    if categories:
        matrix = build_matrix(frameworks, categories, with_measured=True)
        tables = {table.category.pk: table for table in matrix.tables}
        measured = matrix.measured
    if DataBlock.OVERVIEW in blocks:
        view.overview = overview_rows(frameworks)
        view.versions_checked = versions_checked(frameworks, known=[article.source])
    if DataBlock.SCENARIOS in blocks:
        view.scenarios = scenario_rows(frameworks)
    if DataBlock.PROS_CONS in blocks:
        view.pros_and_cons = pros_and_cons(frameworks)
    view.sections = []
    for section in sections:
        table = tables.get(section.category_id)
        comparison = measured_beside_cited(table, measured) if table and measured else None
        view.sections.append(SectionView(section, table, comparison))
    return view
