"""comparisons/queries/lifecycle.py: series, Python support and support status, by one rule."""

from datetime import date

import pytest

from comparisons.charts import timeline
from comparisons.models import DatePrecision, Framework, SupportModel
from comparisons.queries.cells import supported_python_cell, supported_until_cell
from comparisons.queries.lifecycle import PythonSupport, Status, lifecycle, timeline_rows
from tests.factories import FrameworkFactory, ReleaseFactory, ReleaseSeriesFactory, SourceFactory

TODAY = date(2026, 12, 5)


# Python support, from the index's own metadata


@pytest.mark.parametrize(
    ("classifiers", "requires", "text", "versions"),
    [
        ("3.10 3.11 3.12 3.13 3.14", ">=3.11", "3.11–3.14", ("3.11", "3.12", "3.13", "3.14")),
        ("3.8 3.9 3.10", "", "3.8–3.10", ("3.8", "3.9", "3.10")),
        ("3.9 3.11", ">=3.9", "3.9, 3.11", ("3.9", "3.11")),  # a gap is not a range
        ("", ">=3.9", "Requires-Python >=3.9", ()),
        ("", "", "Unknown", ()),
        ("3.12", "not a specifier", "3.12", ("3.12",)),  # a broken specifier limits nothing
    ],
)
def test_python_support_is_what_both_classifiers_and_requires_python_allow(
    classifiers, requires, text, versions
):
    support = PythonSupport.of(classifiers, requires)
    assert (support.text, support.versions) == (text, versions)


def test_python_support_sorts_by_the_newest_supported_then_the_oldest():
    keys = [
        PythonSupport.of(*pair).sort_key
        for pair in [("3.8 3.9", ""), ("3.10 3.14", ""), ("3.12 3.14", ""), ("", ">=3.11")]
    ]
    assert keys[0] < keys[1] < keys[2]
    assert keys[3] < keys[0]  # only a floor known: sorts below any stated range
    assert PythonSupport.of("", "").sort_key is None


def test_the_supported_python_cell_reads_the_latest_final_release(db):
    framework = FrameworkFactory()
    ReleaseFactory(framework=framework, version="2.0", python_versions="3.10 3.11")
    ReleaseFactory(framework=framework, version="2.1rc1", python_versions="3.14")
    annotated = Framework.objects.with_latest_release().get(pk=framework.pk)
    cell = supported_python_cell(annotated)
    assert (cell.text, cell.versions, cell.computed) == ("3.10–3.11", ("3.10", "3.11"), True)


# Series and their status


def _framework_with(versions, **kwargs):
    framework = FrameworkFactory(**kwargs)
    for version, uploaded in versions:
        ReleaseFactory(framework=framework, version=version, uploaded_on=uploaded)
    return framework


HISTORY = [
    ("1.0", date(2024, 1, 10)),
    ("1.0.1", date(2024, 3, 1)),
    ("1.1", date(2024, 6, 1)),
    ("1.0.2", date(2024, 7, 1)),  # a fix to 1.0 after 1.1 began
    ("1.1.1", date(2025, 1, 1)),
    ("1.2rc1", date(2025, 2, 1)),  # pre-releases found no series
    ("1.2", date(2025, 3, 1)),
]


def _series(framework, today=TODAY):
    life = lifecycle(framework, list(framework.releases.all()), today)
    return {item.name: item for item in life.series}, life


def test_series_group_final_releases_newest_first(db):
    framework = _framework_with(HISTORY)
    series, life = _series(framework)
    assert [item.name for item in life.series] == ["1.2", "1.1", "1.0"]
    assert (series["1.0"].first.version, series["1.0"].latest.version) == ("1.0", "1.0.2")
    assert [r.version for r in series["1.2"].releases] == ["1.2"]


def test_without_a_policy_the_status_is_inferred_and_says_so(db):
    framework = _framework_with(HISTORY)
    series, life = _series(framework)
    assert not life.has_policy
    assert all(item.status.inferred for item in life.series)
    assert series["1.2"].status.state == Status.NEWEST
    assert series["1.2"].status.text == "Newest series; last release 1 Mar 2025"
    # 1.0 had a release after 1.1 began; 1.1 none after 1.2 began.
    assert series["1.0"].status.text == "Released fixes after its successor began; last 1 Jul 2024"
    assert series["1.1"].status.text == "Superseded 1 Mar 2025; no release since"
    assert all(item.status.until is None for item in life.series)  # never a promise


def test_a_latest_only_policy_supports_the_newest_series(db):
    policy = SourceFactory(title="Version policy")
    framework = _framework_with(
        HISTORY, support_model=SupportModel.LATEST_ONLY, support_policy_source=policy
    )
    series, life = _series(framework)
    assert life.has_policy
    assert series["1.2"].status.text == "Supported: the newest series"
    assert series["1.1"].status.text == "Unsupported since 1 Mar 2025"
    assert series["1.1"].status.source == policy
    assert not any(item.status.inferred for item in life.series)


@pytest.mark.parametrize(
    ("today", "state", "text"),
    [
        (
            date(2026, 1, 1),
            Status.SUPPORTED,
            "Supported until 30 Apr 2027; bug fixes until 31 Aug 2026",
        ),
        (date(2026, 12, 5), Status.SECURITY, "Security fixes only, until 30 Apr 2027"),
        (date(2027, 4, 30), Status.SECURITY, "Security fixes only, until 30 Apr 2027"),
        (date(2027, 5, 1), Status.ENDED, "Ended 30 Apr 2027"),
    ],
)
def test_a_dated_policy_gives_each_series_its_status_by_the_day(db, today, state, text):
    framework = _framework_with(
        HISTORY, support_model=SupportModel.DATED, support_policy_source=SourceFactory()
    )
    ReleaseSeriesFactory(
        framework=framework,
        name="1.2",
        bugfixes_until=date(2026, 8, 31),
        security_until=date(2027, 4, 30),
    )
    series, _ = _series(framework, today)
    assert (series["1.2"].status.state, series["1.2"].status.text) == (state, text)
    assert series["1.1"].status.inferred  # no row for it: what the history shows


def test_a_policy_that_names_only_the_month_is_shown_to_the_month(db):
    framework = _framework_with(
        HISTORY, support_model=SupportModel.DATED, support_policy_source=SourceFactory()
    )
    ReleaseSeriesFactory(
        framework=framework,
        name="1.2",
        is_lts=True,
        bugfixes_until=None,
        security_until=date(2028, 4, 30),
        dates_precision=DatePrecision.MONTH,
    )
    series, life = _series(framework)
    assert series["1.2"].status.text == "Supported until April 2028"
    assert series["1.2"].is_lts
    rows = timeline_rows(life)
    assert rows[0][0] == "1.2 LTS" and rows[0][4] == "to April 2028"


def test_a_month_only_date_must_be_the_months_last_day(db):
    from django.core.exceptions import ValidationError

    series = ReleaseSeriesFactory.build(
        framework=FrameworkFactory(),
        source=SourceFactory(),
        security_until=date(2028, 4, 1),
        bugfixes_until=None,
        dates_precision=DatePrecision.MONTH,
    )
    with pytest.raises(ValidationError, match="that month's last day"):
        series.full_clean()


def test_a_series_is_named_by_its_first_two_numbers(db):
    from django.core.exceptions import ValidationError

    series = ReleaseSeriesFactory.build(framework=FrameworkFactory(), name="5.2.1")
    with pytest.raises(ValidationError, match="5.2"):
        series.full_clean()


# Supported until: a comparable row


def _annotated(framework):
    return Framework.objects.with_latest_release().get(pk=framework.pk)


def test_supported_until_is_the_latest_end_any_series_gets(db):
    framework = FrameworkFactory(
        support_model=SupportModel.DATED, support_policy_source=SourceFactory()
    )
    ReleaseSeriesFactory(
        framework=framework,
        name="5.2",
        security_until=date(2028, 4, 30),
        dates_precision=DatePrecision.MONTH,
        bugfixes_until=None,
    )
    ReleaseSeriesFactory(framework=framework, name="6.0", security_until=date(2027, 4, 30))
    cell = supported_until_cell(_annotated(framework), TODAY)
    assert (cell.text, cell.day) == ("April 2028", date(2028, 4, 30))
    ended = supported_until_cell(_annotated(framework), date(2028, 5, 1))
    assert ended.text == "Ended April 2028"


@pytest.mark.parametrize(
    ("model", "text"),
    [
        (SupportModel.NONE, "No published policy"),
        (SupportModel.LATEST_ONLY, "Newest series only"),
    ],
)
def test_supported_until_without_dates_says_why_and_sorts_last(db, model, text):
    source = SourceFactory() if model else None
    framework = FrameworkFactory(support_model=model, support_policy_source=source)
    cell = supported_until_cell(_annotated(framework), TODAY)
    assert cell.text == text and cell.is_missing


# The timeline


def test_the_timeline_draws_the_newest_series_on_a_shared_axis(db):
    framework = _framework_with(HISTORY)
    _, life = _series(framework)
    chart = timeline(timeline_rows(life), TODAY)
    assert [span.label for span in chart.spans] == ["1.2", "1.1", "1.0"]
    assert all(span.supported_width == 0 for span in chart.spans)  # no policy: nothing promised
    assert chart.ticks[0].label == "2024"
    assert chart.plot_left < chart.today_x <= chart.plot_right
    assert timeline([], TODAY) is None


@pytest.mark.parametrize(
    ("classifiers", "requires", "version", "allowed"),
    [
        ("3.11 3.12", ">=3.11", "3.12", True),
        ("3.11 3.12", ">=3.11", "3.13", False),  # listed versions are what it states
        ("3.10 3.11", ">=3.11", "3.10", False),  # a classifier Requires-Python excludes
        ("", ">=3.13", "3.14", True),  # nothing listed: what Requires-Python allows
        ("", ">=3.13", "3.12", False),
        ("", "", "3.12", False),  # nothing known
        ("", "not a specifier", "3.12", False),
    ],
)
def test_python_support_allows_a_version(classifiers, requires, version, allowed):
    assert PythonSupport.of(classifiers, requires).allows(version) is allowed
