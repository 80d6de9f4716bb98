"""The comparison domain: frameworks, their typed cells, benchmarks, guidance and articles."""

from .articles import Article, ArticleClaim, ArticleFramework, ArticleSection, OverviewFact
from .benchmarks import Benchmark, BenchmarkResult, ResultOrigin, latest_per_framework
from .changes import ChangeAction, ChangeLogEntry
from .frameworks import DatePrecision, Framework, Release, ReleaseSeries, SupportModel
from .guidance import ProCon, Recommendation, Scenario
from .matrix import (
    KIND_SPECS,
    VALUE_FIELDS,
    Attribute,
    AttributeValue,
    Category,
    CellValue,
    Computed,
    KindSpec,
    SupportLevel,
    ValueKind,
    words_key,
)
from .proposals import ProposalOrigin, ProposalState, ReleaseProposal
from .revision import ContentRevision
from .sources import Source, SourceKind

__all__ = [
    "KIND_SPECS",
    "VALUE_FIELDS",
    "Article",
    "ArticleClaim",
    "ArticleFramework",
    "ArticleSection",
    "Attribute",
    "AttributeValue",
    "Benchmark",
    "BenchmarkResult",
    "Category",
    "CellValue",
    "ContentRevision",
    "Computed",
    "DatePrecision",
    "ChangeAction",
    "ChangeLogEntry",
    "Framework",
    "KindSpec",
    "OverviewFact",
    "ProCon",
    "ProposalOrigin",
    "ProposalState",
    "Recommendation",
    "Release",
    "ReleaseProposal",
    "ReleaseSeries",
    "ResultOrigin",
    "Scenario",
    "Source",
    "SourceKind",
    "SupportLevel",
    "SupportModel",
    "ValueKind",
    "latest_per_framework",
    "words_key",
]
