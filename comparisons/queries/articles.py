"""Everything an article page shows, each kind of data block in at most one query."""

from dataclasses import dataclass, field
from typing import Any

from comparisons.models import (
    Article,
    ArticleSection,
    Framework,
    ProCon,
    Recommendation,
)
from comparisons.models.articles import DataBlock

from .matrix import Table, build_matrix, published_frameworks


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
