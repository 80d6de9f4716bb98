"""Everything an article page shows, each kind of data block in at most one query."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from comparisons.models import (
    Article,
    ArticleClaim,
    ArticleSection,
    Framework,
    OverviewFact,
    ProCon,
    Recommendation,
    SupportLevel,
)
from comparisons.models.articles import DataBlock
from comparisons.models.benchmarks import Statistic
from comparisons.statistics import FASTER, Verdict, compare
from comparisons.versions import version_sort_key

from .cells import EMPTY_CELL, KNOWN, Cell, cell_from_value, text_cell
from .matrix import Row, Table, build_matrix, latest_version_text, published_frameworks


@dataclass(frozen=True)
class ClaimedCell:
    """A cell of an article's table: what the article claimed, and the site's current value
    beside it where the two differ in meaning. Without a claim, the current value alone."""

    current: Cell
    claim: Cell | None = None
    framework: Framework | None = None
    anchor: str = ""  # the current value's place on the framework's page

    @property
    def now(self) -> Cell | None:
        """The current value, where it no longer matches the claim (else None): another
        meaning, or another extension named for the same mark."""
        if self.claim is None or self.current.is_missing:
            return None
        if self.claim.meaning != self.current.meaning:
            return self.current
        extension = SupportLevel.VIA_EXTENSION
        if self.claim.support == self.current.support == extension and _named(self.claim) != _named(
            self.current
        ):
            return self.current
        return None

    @property
    def shown(self) -> Cell:
        return self.claim or self.current

    @property
    def result(self):
        return self.current.result

    @property
    def now_url(self) -> str:
        if self.framework is None:
            return ""
        return f"{self.framework.get_absolute_url()}#{self.anchor}" if self.anchor else ""


def _named(cell: Cell) -> str:
    """The extension a cell names: “via Flask-SQLAlchemy” and “Flask-SQLAlchemy” agree."""
    return cell.text.casefold().removeprefix("via ").strip()


def _fact_cells(framework: Framework) -> dict[str, Cell]:
    """The site's current value of each overview fact, typed like the article's claims."""
    latest = (
        Cell(
            text=latest_version_text(framework),
            sort_key=(KNOWN, framework.latest_version_key),
        )
        if framework.latest_version
        else EMPTY_CELL
    )
    return {
        OverviewFact.KIND: text_cell(framework.kind),
        OverviewFact.FIRST_RELEASE: Cell(
            text=str(framework.first_release_year),
            sort_key=(KNOWN, framework.first_release_year),
        ),
        OverviewFact.CREATORS: text_cell(framework.creators),
        OverviewFact.CORE_FOCUS: text_cell(framework.core_focus),
        OverviewFact.LATEST_VERSION: latest,
    }


def _claimed_fact(claim: ArticleClaim) -> Cell:
    text = claim.display_text
    if claim.fact == OverviewFact.LATEST_VERSION:
        try:
            return Cell(text=text, sort_key=(KNOWN, version_sort_key(text)))
        except ValidationError:
            return text_cell(text)
    if claim.fact == OverviewFact.FIRST_RELEASE and text.isdigit():
        return Cell(text=text, sort_key=(KNOWN, int(text)))
    return text_cell(text)


FACT_ANCHOR = "facts-heading"


def overview_rows(
    article: Article, frameworks: list[Framework], claims: list[ArticleClaim]
) -> list[tuple[str, list[ClaimedCell]]]:
    """The facts table: one row per fact, one cell per framework. The article's claims,
    with the current value where it differs; live facts where the article claims none."""
    by_fact = {(claim.framework_id, claim.fact): claim for claim in claims if claim.fact}
    current = {framework.pk: _fact_cells(framework) for framework in frameworks}
    year = article.source.published_year if article.source_id and article.source else None
    rows = []
    for fact in OverviewFact:
        label = fact.label
        if fact == OverviewFact.LATEST_VERSION and year and by_fact:
            label = f"{label} ({year})"  # the article's figures are as of its year
        cells = []
        for framework in frameworks:
            claim = by_fact.get((framework.pk, fact))
            cells.append(
                ClaimedCell(
                    current[framework.pk][fact],
                    _claimed_fact(claim) if claim else None,
                    framework,
                    FACT_ANCHOR,
                )
            )
        rows.append((label, cells))
    return rows


def confirmed_current(frameworks: list[Framework]) -> list[Framework]:
    """The frameworks whose latest version the release watcher confirmed as the newest."""
    return [framework for framework in frameworks if framework.latest_confirmed_on]


def claimed_tables(
    tables: list[Table], frameworks: list[Framework], claims: list[ArticleClaim]
) -> dict[int, Table]:
    """Each category's table as the article shows it, by category: the rows the article
    made claims for, each claim with the current value beside it where it differs; a
    category without claims shows its live rows."""
    by_cell = {(c.framework_id, c.attribute_id): c for c in claims if c.attribute_id}
    claimed_attributes = {attribute_id for _, attribute_id in by_cell}
    shown = {}
    for table in tables:
        claimed = any(row.attribute.pk in claimed_attributes for row in table.rows)
        rows = []
        for row in table.rows:
            if claimed and row.attribute.pk not in claimed_attributes:
                continue
            cells = []
            for framework, cell in zip(frameworks, row.cells, strict=True):
                claim = by_cell.get((framework.pk, row.attribute.pk))
                cells.append(
                    ClaimedCell(
                        cell,
                        cell_from_value(claim, row.attribute) if claim else None,
                        framework,
                        f"cell-{row.attribute.slug}",
                    )
                )
            rows.append(Row(row.attribute, cells))
        shown[table.category.pk] = Table(table.category, frameworks, rows)
    return shown


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


def pros_and_cons(frameworks: list[Framework], article: Article | None = None) -> list[ProsAndCons]:
    """Each framework's pros and cons, in one query: the ones ``article`` claimed, or the
    site's own (with their sources) without one."""
    by_framework = {framework.pk: ProsAndCons(framework) for framework in frameworks}
    points = ProCon.objects.filter(framework__in=frameworks, article=article)
    for point in points.select_related("source").order_by("position", "pk"):
        entry = by_framework[point.framework_id]
        (entry.pros if point.kind == ProCon.Kind.PRO else entry.cons).append(point)
    return list(by_framework.values())


@dataclass
class MeasuredRow:
    framework: Framework
    cited: Any  # the cited BenchmarkResult the table shows, or None
    pairs: list  # (measured benchmark, its BenchmarkResult or None)
    version: str = ""  # the version the measured runs used


@dataclass(frozen=True)
class Claim:
    """What the cited figures say of two frameworks: ``faster`` answers faster than ``slower``
    (their ranges do not overlap)."""

    faster: Any  # Framework
    slower: Any

    def __str__(self):
        return f"{self.faster.name} faster than {self.slower.name}"


AGREES, DISAGREES, UNCLEAR = "agrees", "disagrees", "cannot tell"


@dataclass(frozen=True)
class ClaimCheck:
    """A claim of the source against one measured benchmark of the same statistic."""

    claim: Claim
    benchmark: Any
    verdict: Verdict | None  # how the claimed faster one compares; None: not comparable
    reason: str = ""  # why there is no verdict, or why it cannot tell

    @property
    def outcome(self):
        if self.verdict is None or not self.verdict.is_clear:
            return UNCLEAR
        return AGREES if self.verdict.word == FASTER else DISAGREES

    @property
    def text(self):
        """“JSON: mean response time (measured): FastAPI is slower than Flask: disagrees.”"""
        faster, slower = self.claim.faster.name, self.claim.slower.name
        if self.verdict is None:
            found = f"{faster} and {slower} cannot be compared ({self.reason})"
        elif self.verdict.is_clear:
            found = f"{faster} is {self.verdict} than {slower}"
        else:
            reason = f", {self.verdict.reason}" if self.verdict.reason else ""
            found = f"{faster} shows {self.verdict} from {slower}{reason}"
        return f"{self.benchmark.name}: {found}; the measurement {self.outcome}."


def _same_statistic(benchmark, cited) -> bool:
    """Whether a measured benchmark's figures may stand beside cited ones: the same
    statistic (an average with an average) in the same unit."""
    return (
        benchmark.statistic == cited.statistic
        and benchmark.statistic != Statistic.OTHER
        and benchmark.unit == cited.unit
    )


def cited_claims(frameworks: list[Framework], cited: dict, lower_is_better: bool) -> list[Claim]:
    """The orders the cited figures state: a framework is claimed faster than another
    only where their ranges do not overlap."""
    claims = []
    for first in frameworks:
        for second in frameworks:
            a, b = cited.get(first.pk), cited.get(second.pk)
            if first == second or a is None or b is None:
                continue
            a_high = a.high_value if a.high_value is not None else a.low_value
            b_high = b.high_value if b.high_value is not None else b.low_value
            better = a_high < b.low_value if lower_is_better else a.low_value > b_high
            if better:
                claims.append(Claim(first, second))
    return claims


def _check(claim, benchmark, by_key) -> ClaimCheck:
    faster = by_key.get((claim.faster.pk, benchmark.pk))
    slower = by_key.get((claim.slower.pk, benchmark.pk))
    if faster is None or slower is None:
        return ClaimCheck(claim, benchmark, None, "not both measured")
    if faster.experiment_key != slower.experiment_key:
        return ClaimCheck(claim, benchmark, None, "measured on different setups")
    verdict = compare(faster.run_values, slower.run_values, benchmark.lower_is_better)
    return ClaimCheck(claim, benchmark, verdict)


@dataclass
class MeasuredBesideCited:
    """A table's cited figures checked against the site's own measurements of the same
    statistic: what the source claims, and whether our runs agree, with verdicts."""

    cited_benchmark: Any
    benchmarks: list  # measured, of the cited statistic and unit
    rows: list[MeasuredRow]
    claims: list[Claim]
    checks: list[ClaimCheck]
    setups: list[str]
    others: list = field(default_factory=list)  # measured, of other statistics: not compared

    @property
    def outcome(self):
        """Agrees, disagrees or cannot tell, over every check; None when nothing was checked."""
        outcomes = {check.outcome for check in self.checks}
        if not outcomes:
            return None
        if DISAGREES in outcomes:
            return DISAGREES
        return AGREES if outcomes == {AGREES} else UNCLEAR

    @property
    def summary(self):
        statistic = self.cited_benchmark.get_statistic_display().lower()
        if not self.benchmarks:
            other = ", ".join(b.name for b in self.others)
            measured = (
                f" Our measurements ({other}) are of another statistic, so they are not "
                "set against these figures."
                if other
                else ""
            )
            return (
                f"Not checked: this site has not measured the {statistic} "
                f"({self.cited_benchmark.unit}).{measured} The cited figures stand as their "
                "source's claim."
            )
        if not self.claims:
            return "The cited figures do not set the frameworks apart: there is no claim to check."
        if self.outcome == AGREES:
            return "Our measurements agree with the source's claim."
        if self.outcome == DISAGREES:
            disagree = [str(c.claim) for c in self.checks if c.outcome == DISAGREES]
            return f"Our measurements disagree with the source on: {'; '.join(disagree)}."
        return (
            "Our measurements do not confirm the source's claim: where they show no clear "
            "difference, the claim is within the noise of our runs or untested."
        )


def _setup_text(result):
    text = result.setup_text(leave_out=("framework_version",))
    return f"{text}; measured {date_format(result.measured_on, 'j M Y')}"


def _cited_row(table: Table) -> Row | None:
    """The table's first benchmark row holding a cited result."""
    return next(
        (
            row
            for row in table.rows
            if row.attribute.benchmark_id
            and any(cell.result and not cell.result.is_measured for cell in row.cells)
        ),
        None,
    )


def _cited_results(frameworks: list[Framework], row: Row) -> dict:
    """framework pk -> the cited result of its cell in ``row``, where it has one."""
    return {
        framework.pk: cell.result
        for framework, cell in zip(frameworks, row.cells, strict=True)
        if cell.result
    }


def _measured_rows(frameworks, cited: dict, benchmarks, by_key) -> list[MeasuredRow]:
    """One row per framework: its cited result, then its measured result per benchmark."""
    rows = []
    for framework in frameworks:
        pairs = [(benchmark, by_key.get((framework.pk, benchmark.pk))) for benchmark in benchmarks]
        versions = [result.framework_version for _, result in pairs if result]
        rows.append(
            MeasuredRow(framework, cited.get(framework.pk), pairs, next(iter(versions), ""))
        )
    return rows


def _compared_setups(measured: list, benchmarks) -> list[str]:
    """The setups of the dated measured results that stand beside the cited figures."""
    compared = [r for r in measured if r.benchmark in benchmarks and r.measured_on]
    return sorted({_setup_text(result) for result in compared})


def measured_beside_cited(table: Table, measured: list) -> MeasuredBesideCited | None:
    """Check a table's cited benchmark row against the measured results of the same
    statistic and unit, by significance tests of the runs (never a raw figure against a
    cited range measured elsewhere). None without a cited benchmark row.
    """
    cited_row = _cited_row(table)
    if cited_row is None:
        return None
    frameworks = table.frameworks
    cited = _cited_results(frameworks, cited_row)
    cited_benchmark = next(iter(cited.values())).benchmark
    measured_benchmarks = sorted(
        {r.benchmark for r in measured}, key=lambda b: (b.position, b.name)
    )
    benchmarks = [b for b in measured_benchmarks if _same_statistic(b, cited_benchmark)]
    others = [b for b in measured_benchmarks if b not in benchmarks]
    by_key = {(r.framework_id, r.benchmark_id): r for r in measured}
    claims = cited_claims(frameworks, cited, cited_benchmark.lower_is_better)
    checks = [_check(claim, benchmark, by_key) for benchmark in benchmarks for claim in claims]
    return MeasuredBesideCited(
        cited_benchmark,
        benchmarks,
        _measured_rows(frameworks, cited, benchmarks, by_key),
        claims,
        checks,
        _compared_setups(measured, benchmarks),
        others,
    )


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
    confirmed: list[Framework] = field(default_factory=list)
    as_of: Any = None  # the day its data is current as of
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

    claims = []
    if DataBlock.OVERVIEW in blocks or DataBlock.CATEGORY in blocks:
        claims = list(ArticleClaim.objects.filter(article=article))
    categories = [section.category for section in sections if section.category_id]
    tables = {}
    measured = []
    if categories:
        matrix = build_matrix(frameworks, categories, with_measured=True)
        tables = claimed_tables(matrix.tables, frameworks, claims)
        measured = matrix.measured
        view.as_of = matrix.as_of
    if DataBlock.OVERVIEW in blocks:
        view.overview = overview_rows(article, frameworks, claims)
        view.confirmed = confirmed_current(frameworks)
    if DataBlock.SCENARIOS in blocks:
        view.scenarios = scenario_rows(frameworks)
    if DataBlock.PROS_CONS in blocks:
        view.pros_and_cons = pros_and_cons(frameworks, article)
    for section in sections:
        table = tables.get(section.category_id)
        comparison = measured_beside_cited(table, measured) if table else None
        view.sections.append(SectionView(section, table, comparison))
    return view
