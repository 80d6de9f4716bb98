"""The decision helper's ranking: pure functions over the query layer's cells."""

import pytest

from comparisons.decisions import decide, rank_frameworks, scenario_recommendations
from comparisons.models import Attribute, Framework, Scenario, SupportLevel
from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    FrameworkFactory,
    RecommendationFactory,
    ScenarioFactory,
)


def _needs(*slugs):
    by_slug = {attribute.slug: attribute for attribute in Attribute.objects.filter(slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]


def _frameworks():
    return list(Framework.objects.published())


def _names(rankings):
    return [ranking.framework.name for ranking in rankings]


def _matrix(rows):
    """Frameworks with support cells: {name: {need name: level}}; needs in first-seen order."""
    needs = {}
    frameworks = []
    for position, (name, cells) in enumerate(rows.items()):
        framework = FrameworkFactory(name=name, position=position)
        frameworks.append(framework)
        for need_name, level in cells.items():
            if need_name not in needs:
                needs[need_name] = AttributeFactory(name=need_name)
            AttributeValueFactory(framework=framework, attribute=needs[need_name], support=level)
    return frameworks, list(needs.values())


def test_needs_rank_frameworks_with_a_reason_per_need(db):
    frameworks, needs = _matrix(
        {
            "Micro": {"ORM": SupportLevel.VIA_EXTENSION, "Admin": SupportLevel.NO},
            "Full": {"ORM": SupportLevel.YES, "Admin": SupportLevel.YES},
        }
    )
    rankings = rank_frameworks(frameworks, needs)
    assert _names(rankings) == ["Full", "Micro"]
    assert [str(reason) for reason in rankings[0].reasons] == [
        "ORM: Yes — built in",
        "Admin: Yes — built in",
    ]
    assert rankings[0].summary == "meets 2 of 2 needs fully"
    assert [str(reason) for reason in rankings[1].reasons] == [
        "ORM: Via an extension — via an extension",
        "Admin: No — not supported",
    ]
    assert rankings[1].summary == "meets 0 of 2 needs fully, 1 partly"


def test_reason_uses_the_cells_display_text_and_the_level_in_words(db, need):
    framework = _framework_with(need, SupportLevel.VIA_EXTENSION)
    framework.values.update(display_text="via Flask-SQLAlchemy")
    (ranking,) = rank_frameworks([framework], [need])
    assert str(ranking.reasons[0]) == "Need: via Flask-SQLAlchemy — via an extension"


@pytest.fixture
def need():
    return AttributeFactory(name="Need")


def _framework_with(need, support, **kwargs):
    framework = FrameworkFactory(**kwargs)
    if support is not None:
        AttributeValueFactory(framework=framework, attribute=need, support=support)
    return framework


def test_marks_score_in_the_order_tables_sort_them(db, need):
    # Positions are the reverse of the expected order, so only the score can sort them.
    no = _framework_with(need, SupportLevel.NO, name="No", position=1)
    partial = _framework_with(need, SupportLevel.PARTIAL, name="Partial", position=2)
    extension = _framework_with(need, SupportLevel.VIA_EXTENSION, name="Extension", position=3)
    yes = _framework_with(need, SupportLevel.YES, name="Yes", position=4)
    rankings = rank_frameworks([no, partial, extension, yes], [need])
    assert _names(rankings) == ["Yes", "Extension", "Partial", "No"]
    scores = [ranking.score for ranking in rankings]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4
    # The same order the tables sort support cells by: one rule for both.
    ranks = [SupportLevel(level).rank for level in ("yes", "via-extension", "partial", "no")]
    assert ranks == sorted(ranks, reverse=True)
    assert [ranking.summary for ranking in rankings] == [
        "meets 1 of 1 need fully",
        "meets 0 of 1 need fully, 1 partly",
        "meets 0 of 1 need fully, 1 partly",
        "meets 0 of 1 need fully",
    ]


def test_counting_only_built_in_scores_extensions_as_nothing(db, need):
    extension = _framework_with(need, SupportLevel.VIA_EXTENSION, name="Extension", position=1)
    partial = _framework_with(need, SupportLevel.PARTIAL, name="Partial", position=2)
    rankings = rank_frameworks([extension, partial], [need], builtin_only=True)
    assert _names(rankings) == ["Partial", "Extension"]
    assert rankings[1].score == 0


def test_weights_multiply_the_points(db):
    frameworks, (orm, admin) = _matrix(
        {
            "Orm only": {"ORM": SupportLevel.YES, "Admin": SupportLevel.NO},
            "Admin only": {"ORM": SupportLevel.NO, "Admin": SupportLevel.YES},
        }
    )
    assert _names(rank_frameworks(frameworks, {orm: 1, admin: 3})) == ["Admin only", "Orm only"]
    ranked = rank_frameworks(frameworks, {orm: 3, admin: 1})
    assert _names(ranked) == ["Orm only", "Admin only"]
    assert (ranked[0].score, ranked[0].max_score, ranked[0].percent) == (3, 4, 75)


def test_unknown_is_not_scored_and_says_unknown(db, need):
    unknown = _framework_with(need, SupportLevel.UNKNOWN, name="Unknown", position=1)
    missing = _framework_with(need, None, name="Missing", position=2)
    no = _framework_with(need, SupportLevel.NO, name="No", position=3)
    partial = _framework_with(need, SupportLevel.PARTIAL, name="Partial", position=4)
    rankings = rank_frameworks([no, missing, unknown, partial], [need])
    # Equal scores: the framework the data says more about comes first.
    assert _names(rankings) == ["Partial", "No", "Unknown", "Missing"]
    assert rankings[1].score == rankings[2].score == rankings[3].score == 0
    assert str(rankings[2].reasons[0]) == "Need: No data — unknown"
    assert str(rankings[3].reasons[0]) == "Need: No data — unknown"
    assert rankings[2].summary == "meets 0 of 1 need fully; 1 unknown"
    assert rankings[2].max_score == 0  # nothing known: no share of points is claimed
    assert rankings[2].percent is None
    assert rankings[1].summary == "meets 0 of 1 need fully"


def test_unknown_with_display_text_keeps_the_text(db, need):
    framework = _framework_with(need, SupportLevel.UNKNOWN)
    framework.values.update(display_text="Disputed")
    (ranking,) = rank_frameworks([framework], [need])
    assert str(ranking.reasons[0]) == "Need: Disputed — unknown"


def test_ties_are_broken_by_position_then_name(db, need):
    beta = _framework_with(need, SupportLevel.YES, name="Beta", position=1)
    alpha = _framework_with(need, SupportLevel.YES, name="Alpha", position=1)
    first = _framework_with(need, SupportLevel.YES, name="Zed", position=0)
    assert _names(rank_frameworks([beta, alpha, first], [need])) == ["Zed", "Alpha", "Beta"]


def test_score_adds_up_over_needs(db):
    frameworks, needs = _matrix(
        {
            "One yes": {"A": SupportLevel.YES, "B": SupportLevel.NO},
            "Two partial": {"A": SupportLevel.PARTIAL, "B": SupportLevel.PARTIAL},
            "Yes and extension": {"A": SupportLevel.YES, "B": SupportLevel.VIA_EXTENSION},
        }
    )
    rankings = rank_frameworks(frameworks, needs)
    assert _names(rankings) == ["Yes and extension", "One yes", "Two partial"]
    assert rankings[0].summary == "meets 1 of 2 needs fully, 1 partly"
    # Important (2) by default; yes 1, via an extension 2/3, partial 1/3 of the points.
    assert [round(ranking.score, 2) for ranking in rankings] == [3.33, 2, 1.33]
    assert rankings[0].max_score == 4


def test_cells_cost_one_query_whatever_the_sizes(db, django_assert_num_queries):
    needs = AttributeFactory.create_batch(4)
    frameworks = FrameworkFactory.create_batch(20)
    for framework in frameworks:
        for need in needs:
            AttributeValueFactory(framework=framework, attribute=need)
    with django_assert_num_queries(1):
        rankings = rank_frameworks(frameworks, needs)
    assert len(rankings) == 20
    assert all(len(ranking.reasons) == 4 for ranking in rankings)


def test_no_needs_or_no_frameworks_cost_nothing(db, need, django_assert_num_queries):
    frameworks = [FrameworkFactory(name="B", position=1), FrameworkFactory(name="A", position=1)]
    with django_assert_num_queries(0):
        assert rank_frameworks([], [need]) == []
        rankings = rank_frameworks(frameworks, [])
    assert _names(rankings) == ["A", "B"]
    assert rankings[0].summary == "meets 0 of 0 needs fully"


def test_decide_ranks_only_published_frameworks(demo):
    Framework.objects.filter(slug="django").update(is_published=False)
    decision = decide(dict.fromkeys(_needs("built-in-orm"), 2))
    assert _names(decision.rankings) == ["Flask", "FastAPI"]
    assert decision.recommendations == []


def test_scenario_recommendations_are_ranked_and_qualified(demo):
    scenario = Scenario.objects.get(slug="real-time-applications-chat-notifications-etc")
    decision = decide({}, scenario)
    assert decision.rankings == []
    assert [str(r) for r in decision.recommendations] == ["FastAPI", "Django Channels"]


def test_scenario_recommendations_leave_out_unpublished_frameworks(db):
    scenario = ScenarioFactory()
    hidden = FrameworkFactory(is_published=False)
    shown = FrameworkFactory(name="Shown")
    RecommendationFactory(scenario=scenario, framework=hidden, rank=1)
    RecommendationFactory(scenario=scenario, framework=shown, rank=2, qualifier="with care")
    assert [str(r) for r in scenario_recommendations(scenario)] == ["Shown with care"]
