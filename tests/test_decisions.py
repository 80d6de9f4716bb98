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


def test_full_stack_needs_rank_django_first_with_reasons(demo):
    needs = _needs("built-in-orm", "admin-panel", "authentication-system")
    rankings = rank_frameworks(_frameworks(), needs)
    assert _names(rankings)[0] == "Django"
    django = rankings[0]
    assert [str(reason) for reason in django.reasons] == [
        "Built-in ORM: Yes — built in",
        "Admin Panel: Yes — built in",
        "Authentication System: Yes — built in",
    ]
    assert django.summary == "meets 3 of 3 needs fully"
    assert rankings[1].summary == "meets 0 of 3 needs fully"


def test_async_and_api_docs_rank_fastapi_first(demo):
    rankings = rank_frameworks(_frameworks(), _needs("async-support", "api-documentation"))
    assert _names(rankings) == ["FastAPI", "Django", "Flask"]
    assert rankings[0].summary == "meets 2 of 2 needs fully"
    django = rankings[1]
    assert [str(reason) for reason in django.reasons] == [
        "Async Support: Partial (evolving) — partial support",
        "API Documentation: Third-party needed — via an extension",
    ]
    assert django.summary == "meets 0 of 2 needs fully, 2 partly"


def test_reason_uses_the_cells_display_text_and_the_level_in_words(demo):
    rankings = rank_frameworks(_frameworks(), _needs("rest-framework"))
    reasons = {ranking.framework.slug: str(ranking.reasons[0]) for ranking in rankings}
    assert reasons == {
        "fastapi": "REST Framework: Native — built in",
        "django": "REST Framework: Django REST Framework — via an extension",
        "flask": "REST Framework: Flask-RESTful — via an extension",
    }


@pytest.fixture
def need():
    return AttributeFactory(name="Need")


def _framework_with(need, support, **kwargs):
    framework = FrameworkFactory(**kwargs)
    if support is not None:
        AttributeValueFactory(framework=framework, attribute=need, support=support)
    return framework


def test_partial_and_extension_count_less_than_yes_and_more_than_no(db, need):
    # Positions are the reverse of the expected order, so only the score can sort them.
    no = _framework_with(need, SupportLevel.NO, name="No", position=1)
    extension = _framework_with(need, SupportLevel.VIA_EXTENSION, name="Extension", position=2)
    partial = _framework_with(need, SupportLevel.PARTIAL, name="Partial", position=2)
    yes = _framework_with(need, SupportLevel.YES, name="Yes", position=4)
    rankings = rank_frameworks([no, extension, partial, yes], [need])
    # Partial and extension score the same: the tie goes by position, then by name.
    assert _names(rankings) == ["Yes", "Extension", "Partial", "No"]
    scores = [ranking.score for ranking in rankings]
    assert scores[0] > scores[1] == scores[2] > scores[3]
    assert [ranking.summary for ranking in rankings] == [
        "meets 1 of 1 need fully",
        "meets 0 of 1 need fully, 1 partly",
        "meets 0 of 1 need fully, 1 partly",
        "meets 0 of 1 need fully",
    ]


def test_unknown_counts_as_not_met_and_says_unknown(db, need):
    unknown = _framework_with(need, SupportLevel.UNKNOWN, name="Unknown", position=1)
    missing = _framework_with(need, None, name="Missing", position=2)
    no = _framework_with(need, SupportLevel.NO, name="No", position=3)
    partial = _framework_with(need, SupportLevel.PARTIAL, name="Partial", position=4)
    rankings = rank_frameworks([no, missing, unknown, partial], [need])
    assert _names(rankings) == ["Partial", "Unknown", "Missing", "No"]
    assert rankings[1].score == rankings[2].score == rankings[3].score == 0
    assert str(rankings[1].reasons[0]) == "Need: No data — unknown"
    assert str(rankings[2].reasons[0]) == "Need: No data — unknown"
    assert rankings[1].summary == "meets 0 of 1 need fully; 1 unknown"
    assert rankings[3].summary == "meets 0 of 1 need fully"


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
    a, b = AttributeFactory(name="A"), AttributeFactory(name="B")
    one_yes = FrameworkFactory(name="One yes", position=1)
    AttributeValueFactory(framework=one_yes, attribute=a, support=SupportLevel.YES)
    AttributeValueFactory(framework=one_yes, attribute=b, support=SupportLevel.NO)
    two_partial = FrameworkFactory(name="Two partial", position=2)
    AttributeValueFactory(framework=two_partial, attribute=a, support=SupportLevel.PARTIAL)
    AttributeValueFactory(framework=two_partial, attribute=b, support=SupportLevel.PARTIAL)
    yes_and_partial = FrameworkFactory(name="Yes and partial", position=3)
    AttributeValueFactory(framework=yes_and_partial, attribute=a, support=SupportLevel.YES)
    AttributeValueFactory(
        framework=yes_and_partial, attribute=b, support=SupportLevel.VIA_EXTENSION
    )
    rankings = rank_frameworks([one_yes, two_partial, yes_and_partial], [a, b])
    assert _names(rankings) == ["Yes and partial", "One yes", "Two partial"]
    assert rankings[0].summary == "meets 1 of 2 needs fully, 1 partly"
    assert [ranking.score for ranking in rankings] == [3, 2, 2]
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
    decision = decide(_needs("built-in-orm"))
    assert _names(decision.rankings) == ["Flask", "FastAPI"]
    assert decision.recommendations == []


def test_scenario_recommendations_are_ranked_and_qualified(demo):
    scenario = Scenario.objects.get(slug="real-time-applications-chat-notifications-etc")
    decision = decide([], scenario)
    assert decision.rankings == []
    assert [str(r) for r in decision.recommendations] == ["FastAPI", "Django Channels"]


def test_scenario_recommendations_leave_out_unpublished_frameworks(db):
    scenario = ScenarioFactory()
    hidden = FrameworkFactory(is_published=False)
    shown = FrameworkFactory(name="Shown")
    RecommendationFactory(scenario=scenario, framework=hidden, rank=1)
    RecommendationFactory(scenario=scenario, framework=shown, rank=2, qualifier="with care")
    assert [str(r) for r in scenario_recommendations(scenario)] == ["Shown with care"]
