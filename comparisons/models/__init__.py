"""The comparison domain: frameworks, their typed cells, benchmarks, guidance and articles."""

from .articles import Article, ArticleSection
from .benchmarks import Benchmark, BenchmarkResult, ResultOrigin
from .changes import ChangeAction, ChangeLogEntry
from .frameworks import Framework, Release
from .guidance import ProCon, Recommendation, Scenario
from .matrix import Attribute, AttributeValue, Category, SupportLevel, ValueKind

__all__ = [
    "Article",
    "ArticleSection",
    "Attribute",
    "AttributeValue",
    "Benchmark",
    "BenchmarkResult",
    "Category",
    "ChangeAction",
    "ChangeLogEntry",
    "Framework",
    "ProCon",
    "Recommendation",
    "Release",
    "ResultOrigin",
    "Scenario",
    "SupportLevel",
    "ValueKind",
]
