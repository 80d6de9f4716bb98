"""The query layer: comparison matrices and article data in a constant number of queries.

Every table on the site (article, compare page, framework pages, exports) reads its
data here; ``comparisons.tables`` lays it out. Cells are fetched with one query per kind
and mapped in Python, so the cost does not grow with the number of frameworks or
attributes. Nothing here imports the tables or the views.
"""

from .articles import (
    ArticleView,
    ProsAndCons,
    ScenarioRow,
    SectionView,
    build_article,
    overview_rows,
    pros_and_cons,
    published_article_sections,
    scenario_rows,
)
from .benchmarks import MeasuredComparison, measured_standings
from .cells import (
    CELL_FIELDS,
    EMPTY_CELL,
    TYPED_FIELDS,
    Cell,
    cell_from_result,
    cell_from_value,
)
from .lifecycle import Lifecycle, PythonSupport, Series, SupportStatus, lifecycle, timeline_rows
from .matrix import (
    Matrix,
    Row,
    Table,
    articles_naming,
    build_matrix,
    comparisons_with,
    framework_releases,
    key_attributes,
    latest_version_text,
    published_frameworks,
)

__all__ = [
    "MeasuredComparison",
    "measured_standings",
    "articles_naming",
    "comparisons_with",
    "CELL_FIELDS",
    "EMPTY_CELL",
    "TYPED_FIELDS",
    "ArticleView",
    "Cell",
    "Lifecycle",
    "PythonSupport",
    "Series",
    "SupportStatus",
    "Matrix",
    "ProsAndCons",
    "Row",
    "ScenarioRow",
    "SectionView",
    "Table",
    "build_article",
    "build_matrix",
    "cell_from_result",
    "cell_from_value",
    "key_attributes",
    "overview_rows",
    "published_article_sections",
    "framework_releases",
    "latest_version_text",
    "lifecycle",
    "timeline_rows",
    "published_frameworks",
    "pros_and_cons",
    "scenario_rows",
]
