"""What repeated benchmark runs let us say: each result's median with a distribution-free 95%
confidence interval, whether two results differ beyond their noise, and ranks that share a
place where they do not.

The test is Mann–Whitney U (two-sided, α = 0.05), not Welch's t-test as in
js-framework-benchmark: run figures are few and skewed by the odd slow run, and a rank test
assumes no normal distribution, as the order-statistic interval of the median does not.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import binom, mannwhitneyu

CONFIDENCE = 0.95
ALPHA = 0.05
# Below this, a comparison is not made. With 3 runs a side, Mann–Whitney's smallest
# two-sided p is 0.1: such results always come out as "no clear difference".
MIN_RUNS = 3

FASTER = "faster"
SLOWER = "slower"
NO_CLEAR_DIFFERENCE = "no clear difference"


@dataclass(frozen=True)
class Interval:
    """A confidence interval of the median: two of the runs, and the exact coverage they give."""

    low: float
    high: float
    coverage: float  # at least the confidence asked for: order statistics cannot hit it exactly
    runs: int


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def runs_needed(confidence: float = CONFIDENCE) -> int:
    """The fewest runs whose lowest and highest give an interval of ``confidence``: 6 for 95%."""
    runs = 1
    while 1 - 2 * binom.cdf(0, runs, 0.5) < confidence:
        runs += 1
    return runs


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> Interval | None:
    """The narrowest interval between the k-th lowest and k-th highest runs that holds the
    median with at least ``confidence``: the number of runs below the median is
    Binomial(n, ½), so that pair covers it with probability 1 − 2·P(B ≤ k − 1).

    None when even the lowest and highest runs fall short (fewer than 6 runs for 95%):
    too few runs for an interval, rather than a narrower one that claims too much.
    """
    ordered = sorted(values)
    n = len(ordered)
    chosen = None
    for k in range(1, n // 2 + 1):
        coverage = 1 - 2 * binom.cdf(k - 1, n, 0.5)
        if coverage < confidence:
            break
        chosen = k, float(coverage)
    if chosen is None:
        return None
    k, coverage = chosen
    return Interval(ordered[k - 1], ordered[n - k], coverage, n)


@dataclass(frozen=True)
class Verdict:
    """How one result compares with another: faster, slower or no clear difference."""

    word: str
    p_value: float | None = None
    reason: str = ""  # why no test was made, if none was

    def __str__(self):
        return self.word

    @property
    def is_clear(self):
        return self.word != NO_CLEAR_DIFFERENCE


def compare(a: Sequence[float], b: Sequence[float], lower_is_better: bool) -> Verdict:
    """Whether the runs ``a`` are faster or slower than the runs ``b`` (Mann–Whitney U,
    two-sided, α = 0.05); "no clear difference" when the test cannot tell, or when either
    side has fewer than 3 runs."""
    if not a or not b:
        return Verdict(NO_CLEAR_DIFFERENCE, reason="each run's figure was not recorded")
    if len(a) < MIN_RUNS or len(b) < MIN_RUNS:
        return Verdict(NO_CLEAR_DIFFERENCE, reason=f"fewer than {MIN_RUNS} runs")
    if len(set(a) | set(b)) == 1:
        return Verdict(NO_CLEAR_DIFFERENCE, p_value=1.0)  # the test has nothing to rank
    test = mannwhitneyu(a, b, alternative="two-sided")
    p_value = float(test.pvalue)
    # U counts the pairs in which a's run is the higher: above half of them, a runs high.
    a_higher = test.statistic > len(a) * len(b) / 2
    if p_value >= ALPHA or test.statistic == len(a) * len(b) / 2:
        return Verdict(NO_CLEAR_DIFFERENCE, p_value)
    return Verdict(SLOWER if a_higher == lower_is_better else FASTER, p_value)


@dataclass(frozen=True)
class Rank:
    """A competition rank (1, =2, =2, 4): tied results share the number of the first."""

    number: int
    tied: bool

    def __str__(self):
        return f"={self.number}" if self.tied else str(self.number)


def ranks(samples: Sequence[tuple[float, Sequence[float]]], lower_is_better: bool) -> list[Rank]:
    """Ranks of (median, run figures) samples, in their given order.

    Best median first, each sample joins the rank group before it unless it is clearly
    slower than that group's first (its best): a group's members are each no clearly
    different from its best, and a sample without run figures ties with the one above it.
    """
    order = sorted(
        range(len(samples)),
        key=lambda index: samples[index][0],
        reverse=not lower_is_better,
    )
    groups: list[list[int]] = []
    for index in order:
        if groups:
            leader = samples[groups[-1][0]][1]
            if not compare(samples[index][1], leader, lower_is_better).is_clear:
                groups[-1].append(index)
                continue
        groups.append([index])
    result: list[Rank | None] = [None] * len(samples)
    number = 1
    for group in groups:
        for index in group:
            result[index] = Rank(number, len(group) > 1)
        number += len(group)
    return result
