"""Where each of one experiment's results stands: its rank (tied where the runs cannot tell
the results apart) and its verdict against the fastest, in words readers see."""

from collections.abc import Sequence
from dataclasses import dataclass

from .statistics import Rank, Verdict, compare, ranks

RANK_RULE = (
    "Results are ranked by their median, best first. A result shares the rank of the one "
    "above it unless its runs are clearly slower (Mann–Whitney U test, two-sided, p < 0.05) "
    "than the best of that rank; tied results share a rank, shown as “=2”, and the next rank "
    "skips the places they take (1, =2, =2, 4). Results with fewer than 3 runs, or without "
    "each run's figure, are never told apart."
)


@dataclass(frozen=True)
class Standing:
    result: object  # a BenchmarkResult
    rank: Rank
    best: object  # the result with the best median of the experiment
    versus_best: Verdict | None  # None for the best itself

    @property
    def verdict_text(self):
        """“slower than FastAPI”, “no clear difference from FastAPI”, or for the best
        “fastest” (“fastest median” where others tie with it)."""
        if self.versus_best is None:
            return "fastest median" if self.rank.tied else "fastest"
        name = self.best.framework.name
        if self.versus_best.is_clear:
            return f"{self.versus_best} than {name}"
        return f"{self.versus_best} from {name}"

    @property
    def text(self):
        """“rank =2, no clear difference from FastAPI (fewer than 3 runs)”."""
        verdict = self.versus_best
        reason = f" ({verdict.reason})" if verdict and verdict.reason else ""
        return f"rank {self.rank}, {self.verdict_text}{reason}"


def standings(results: Sequence) -> list[Standing]:
    """Each result's standing, in the given order; the results must be of one benchmark
    and one setup (one experiment)."""
    if not results:
        return []
    lower_is_better = results[0].benchmark.lower_is_better
    samples = [(result.figure, result.run_values) for result in results]
    result_ranks = ranks(samples, lower_is_better)
    best = min(results, key=lambda r: r.figure if lower_is_better else -r.figure)
    return [
        Standing(
            result,
            rank,
            best,
            None
            if result is best
            else compare(result.run_values, best.run_values, lower_is_better),
        )
        for result, rank in zip(results, result_ranks, strict=True)
    ]
