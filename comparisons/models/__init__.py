"""The comparison domain: frameworks, their typed cells, benchmarks, guidance and articles."""

from .articles import Article, ArticleFramework, ArticleSection
from .benchmarks import Benchmark, BenchmarkResult, ResultOrigin
from .changes import ChangeAction, ChangeLogEntry
from .frameworks import Framework, Release
from .guidance import ProCon, Recommendation, Scenario
from .matrix import (
    KIND_SPECS,
    Attribute,
    AttributeValue,
    Category,
    KindSpec,
    SupportLevel,
    ValueKind,
    words_key,
)
from .proposals import ProposalOrigin, ProposalState, ReleaseProposal
from .sources import Source, SourceKind

__all__ = [
    "KIND_SPECS",
    "Article",
    "ArticleFramework",
    "ArticleSection",
    "Attribute",
    "AttributeValue",
    "Benchmark",
    "BenchmarkResult",
    "Category",
    "ChangeAction",
    "ChangeLogEntry",
    "Framework",
    "KindSpec",
    "ProCon",
    "ProposalOrigin",
    "ProposalState",
    "Recommendation",
    "Release",
    "ReleaseProposal",
    "ResultOrigin",
    "Scenario",
    "Source",
    "SourceKind",
    "SupportLevel",
    "ValueKind",
    "words_key",
]
