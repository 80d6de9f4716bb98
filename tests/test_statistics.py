"""comparisons/statistics.py: medians with their confidence intervals, verdicts and ranks."""

from math import comb

import pytest

from comparisons.statistics import (
    FASTER,
    NO_CLEAR_DIFFERENCE,
    SLOWER,
    compare,
    median_interval,
    ranks,
    runs_needed,
)


def _coverage(n, k):
    """P(k ≤ B ≤ n − k) for B ~ Binomial(n, ½), counted by hand: the chance that the k-th
    lowest and k-th highest of n runs lie either side of the true median."""
    return sum(comb(n, i) for i in range(k, n - k + 1)) / 2**n


def _expected_k(n, confidence=0.95):
    return max((k for k in range(1, n // 2 + 1) if _coverage(n, k) >= confidence), default=None)


@pytest.mark.parametrize("n", [6, 7, 8, 9, 10, 12, 15, 20, 30])
def test_the_interval_is_the_widest_order_statistics_that_reach_95_percent(n):
    runs = [float(100 + 3 * i) for i in range(n)][::-1]  # in the order measured, not sorted
    k = _expected_k(n)
    interval = median_interval(runs)
    ordered = sorted(runs)
    assert (interval.low, interval.high) == (ordered[k - 1], ordered[n - k])
    assert interval.coverage == pytest.approx(_coverage(n, k))
    assert interval.coverage >= 0.95
    assert _coverage(n, k + 1) < 0.95 or k + 1 > n // 2  # one step narrower falls short
    assert interval.runs == n


def test_known_samples():
    # 6 runs: only the lowest and highest cover the median at 95% (1 − 2/64 = 96.9%).
    six = median_interval([12800, 11900, 12400, 12300, 12500, 12100])
    assert (six.low, six.high) == (11900, 12800)
    assert six.coverage == pytest.approx(62 / 64)
    # 10 runs: the 2nd lowest and 2nd highest (1 − 2·11/1024 = 97.9%).
    ten = median_interval(list(range(1, 11)))
    assert (ten.low, ten.high) == (2, 9)
    assert ten.coverage == pytest.approx(1 - 2 * 11 / 1024)


@pytest.mark.parametrize("runs", [[], [5.0], [1, 2], [1, 2, 3], [1, 2, 3, 4, 5]])
def test_too_few_runs_give_no_interval(runs):
    assert median_interval(runs) is None


def test_six_runs_are_needed_for_95_percent():
    assert runs_needed() == 6


def test_verdicts_both_ways_for_throughput_and_for_times():
    slow = [100, 102, 101, 99, 103]
    fast = [120, 122, 121, 119, 123]
    assert compare(fast, slow, lower_is_better=False).word == FASTER
    assert compare(slow, fast, lower_is_better=False).word == SLOWER
    # The same figures as times: higher is slower.
    assert compare(fast, slow, lower_is_better=True).word == SLOWER
    assert compare(slow, fast, lower_is_better=True).word == FASTER
    verdict = compare(fast, slow, lower_is_better=False)
    assert verdict.p_value == pytest.approx(2 / comb(10, 5))  # exact: no overlap at all


def test_overlapping_runs_make_no_clear_difference():
    verdict = compare([100, 110, 104, 98, 107], [101, 109, 103, 99, 106], lower_is_better=False)
    assert verdict.word == NO_CLEAR_DIFFERENCE
    assert verdict.p_value > 0.05
    assert str(verdict) == "no clear difference"


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ([], [1, 2, 3], "each run's figure was not recorded"),
        ([1, 2], [10, 20, 30], "fewer than 3 runs"),
    ],
)
def test_no_test_without_enough_runs(a, b, reason):
    verdict = compare(a, b, lower_is_better=True)
    assert (verdict.word, verdict.p_value, verdict.reason) == (NO_CLEAR_DIFFERENCE, None, reason)


def test_three_runs_a_side_can_never_be_told_apart():
    assert compare([1, 2, 3], [100, 200, 300], lower_is_better=True).word == NO_CLEAR_DIFFERENCE


def test_identical_runs_are_no_difference():
    assert compare([5, 5, 5], [5, 5, 5], lower_is_better=True).word == NO_CLEAR_DIFFERENCE


def test_ranks_share_a_place_where_the_difference_is_not_clear():
    best = [200, 201, 202, 203, 204]
    close = [199, 200, 201, 202, 203.5]  # overlaps the best
    far = [100, 101, 102, 103, 104]
    # Given in another order than their ranks: the ranks come back in the given order.
    samples = [(102, far), (202, best), (201, close)]
    assert [str(rank) for rank in ranks(samples, lower_is_better=False)] == ["3", "=1", "=1"]


def test_a_group_is_measured_from_its_best():
    # b ties with a and c with b, but c is clearly slower than a: c starts the next rank.
    a = [10, 11, 12, 13, 14]
    b = [12, 13, 14, 15, 16]
    c = [13.5, 14.5, 15.5, 16.5, 17.5]
    samples = [(12, a), (14, b), (15.5, c)]
    assert compare(b, a, True).word == NO_CLEAR_DIFFERENCE
    assert compare(c, b, True).word == NO_CLEAR_DIFFERENCE
    assert compare(c, a, True).word == SLOWER
    assert [str(rank) for rank in ranks(samples, lower_is_better=True)] == ["=1", "=1", "3"]


def test_results_without_run_figures_all_tie():
    samples = [(1, []), (2, []), (3, [])]
    assert [str(rank) for rank in ranks(samples, lower_is_better=True)] == ["=1", "=1", "=1"]
    assert ranks([], lower_is_better=True) == []
    assert [str(rank) for rank in ranks([(1, [1, 2, 3])], True)] == ["1"]
