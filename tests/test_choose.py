"""The decision helper page at /choose/: a GET form, ranked frameworks with reasons, scenarios."""

import pytest
from django.urls import reverse

from comparisons.models import Framework, SupportLevel
from tests.html import parse

URL = "/choose/"
MAX_QUERIES = 8
REAL_TIME = "real-time-applications-chat-notifications-etc"


def _page(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _rankings(content):
    """[(framework name, summary, [reasons])] from the ranking's ordered list."""
    ranking_list = next(
        node for node in parse(content).iter("ol") if node.attrs.get("class") == "rankings"
    )
    rankings = []
    for item in ranking_list.iter("li"):
        if item.attrs.get("class") != "ranking":
            continue
        name = next(item.iter("h3")).text()
        summary = next(node for node in item.iter("p")).text()
        reasons = [reason.text() for reason in item.iter("li")]
        rankings.append((name, summary, reasons))
    return rankings


def test_url_name_resolves():
    assert reverse("comparisons:choose") == URL


@pytest.mark.parametrize("extra_frameworks", [0, 47])
def test_queries_stay_few_at_3_and_50_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks
):
    add_frameworks(extra_frameworks)
    params = {
        "needs": ["built-in-orm", "admin-panel", "async-support", "api-documentation"],
        "scenario": REAL_TIME,
    }
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(_rankings(response.content.decode())) == min(3 + extra_frameworks, 10)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, {**params, "every": "on"})
    assert len(_rankings(response.content.decode())) == 3 + extra_frameworks


def test_the_best_ten_are_shown_and_a_link_keeps_the_choices_and_lists_every_one(
    demo, add_frameworks, client
):
    add_frameworks(12)
    params = {"needs": ["built-in-orm", "admin-panel"]}
    best = _rankings(_page(client, params))
    assert len(best) == 10
    links = [link.attrs.get("href", "") for link in parse(_page(client, params)).iter("a")]
    more = next(href for href in links if "every=on" in href)
    assert more == "?needs=built-in-orm&needs=admin-panel&every=on"
    assert "5 more frameworks rank lower" in _page(client, params)
    every = _rankings(_page(client, {**params, "every": "on"}))
    assert every[:10] == best
    assert len(every) == 15
    assert "more frameworks rank lower" not in _page(client, {**params, "every": "on"})


def test_a_short_ranking_offers_no_link_to_more(demo, client):
    content = _page(client, {"needs": ["admin-panel"]})
    assert len(_rankings(content)) == 3
    assert "rank lower" not in content and "ranks lower" not in content


def test_page_works_without_parameters(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        content = _page(client)
    assert "<h1>Choose a framework</h1>" in content
    assert "How it works" in content
    assert 'class="rankings"' not in content
    assert 'class="form-errors"' not in content
    # Every scenario is a quick link.
    assert f'href="/choose/?scenario={REAL_TIME}"' in content
    assert 'href="/choose/?scenario=beginners-learning-backend-development"' in content
    assert "<title>Choose a framework ·" in content


def test_full_stack_needs_rank_django_first_with_reasons(demo, client):
    content = _page(client, {"needs": ["built-in-orm", "admin-panel", "authentication-system"]})
    rankings = _rankings(content)
    assert rankings[0] == (
        "Django",
        "Meets 3 of 3 needs fully",
        [
            "Built-in ORM: Yes — built in",
            "Admin Panel: Yes — built in",
            "Authentication System: Yes — built in",
        ],
    )
    assert {name for name, _summary, _reasons in rankings[1:]} == {"Flask", "FastAPI"}
    assert "Admin Panel: No — not supported" in rankings[1][2]
    assert 'href="/frameworks/django/"' in content


def test_async_and_docs_rank_fastapi_first(demo, client):
    rankings = _rankings(_page(client, {"needs": ["async-support", "api-documentation"]}))
    assert [name for name, _summary, _reasons in rankings] == ["FastAPI", "Django", "Flask"]
    assert rankings[1][1] == "Meets 0 of 2 needs fully, 2 partly"
    assert rankings[1][2] == [
        "Async Support: Partial (evolving) — partial support",
        "API Documentation: Third-party needed — via an extension",
    ]


def test_support_is_shown_by_symbol_and_words_not_colour_alone(demo, client):
    content = _page(client, {"needs": ["rest-framework"]})
    symbol = SupportLevel.VIA_EXTENSION.symbol
    assert (
        '<li class="reason support support--via-extension">'
        f'<span class="support__symbol" aria-hidden="true">{symbol}</span> '
        "REST Framework: Django REST Framework — via an extension</li>"
    ) in content
    assert "REST Framework: Native — built in" in content


def test_needs_stay_ticked(demo, client):
    content = _page(client, {"needs": ["admin-panel"]})
    tree = parse(content)
    ticked = [
        node.attrs["value"]
        for node in tree.iter("input")
        if node.attrs.get("type") == "checkbox" and "checked" in node.attrs
    ]
    assert ticked == ["admin-panel"]


def test_scenario_shows_its_recommendations_and_description(demo, client):
    content = _page(client, {"scenario": REAL_TIME})
    tree = parse(content)
    recommended = next(node for node in tree.iter("p") if node.attrs.get("class") == "recommended")
    assert recommended.text() == "Recommended: FastAPI or Django Channels"
    links = [a.attrs["href"] for a in recommended.iter("a")]
    assert links == ["/frameworks/fastapi/", "/frameworks/django/"]
    assert "<p>Applications that keep connections open" in content  # Markdown rendered
    assert "How it works" not in content
    assert 'class="rankings"' not in content
    assert '<option value="real-time-applications-chat-notifications-etc" selected>' in content


def test_scenario_and_needs_together(demo, client):
    content = _page(client, {"needs": ["real-time-apis"], "scenario": REAL_TIME})
    assert _rankings(content)[0][0] == "FastAPI"
    assert "Real-Time APIs: With Channels — via an extension" in content
    assert "Django</a> Channels" in content


def _errors(content):
    alert = next(
        (node for node in parse(content).iter("div") if node.attrs.get("role") == "alert"), None
    )
    return alert.text() if alert else ""


def test_unknown_need_is_an_error_and_the_valid_needs_still_rank(demo, client):
    content = _page(client, {"needs": ["no-such-need", "built-in-orm", "admin-panel"]})
    assert "“no-such-need” is not a need we know; it was left out." in _errors(content)
    assert 'class="field-error"' in content
    rankings = _rankings(content)
    assert rankings[0][0] == "Django"
    assert rankings[0][2] == ["Built-in ORM: Yes — built in", "Admin Panel: Yes — built in"]


def test_unknown_scenario_is_an_error_and_needs_still_rank(demo, client):
    content = _page(client, {"needs": ["async-support"], "scenario": "no-such-scenario"})
    assert "“no-such-scenario” is not a scenario we know, so none is shown." in _errors(content)
    assert _rankings(content)[0][0] == "FastAPI"
    assert 'class="recommended"' not in content


@pytest.mark.parametrize(
    "params",
    [
        {"needs": "x" * 10_000},
        {"scenario": "x" * 10_000},
        {"needs": ["", ""]},
        {"needs": ""},
        {"scenario": ""},
        {"needs": "ünïcödé-💥", "scenario": "シナリオ"},
        {"needs": "a\x00b", "scenario": "a\x00b"},
        {"needs": "../../etc/passwd", "scenario": "' OR 1=1 --"},
        {"needs": "%", "scenario": "%(value)s"},
        {"needs": [f"need-{n}" for n in range(500)]},
        {"needs[]": "admin-panel", "other": "1"},
        {"scenario": ["real-time-applications-chat-notifications-etc", "nope"]},
    ],
)
def test_garbage_never_fails(demo, client, params):
    content = _page(client, params)
    assert "<h1>Choose a framework</h1>" in content


def test_garbage_is_quoted_short_and_escaped(demo, client):
    content = _page(client, {"needs": ["<script>alert(1)</script>", "y" * 5000]})
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "y" * 100 not in content


def test_empty_needs_are_not_an_error(demo, client):
    content = _page(client, {"needs": "", "scenario": ""})
    assert 'class="form-errors"' not in content
    assert "How it works" in content


def test_every_form_control_has_a_label(demo, client):
    content = _page(client, {"needs": ["admin-panel", "nope"], "scenario": "nope"})
    tree = parse(content)
    form = next(node for node in tree.iter("form") if node.attrs.get("method") == "get")
    label_targets = {label.attrs.get("for") for label in form.iter("label")}
    controls = [
        node
        for node in form.iter()
        if node.tag in ("input", "select", "textarea")
        and node.attrs.get("type") not in ("hidden", "submit")
    ]
    assert len(controls) > 5
    for control in controls:
        assert control.attrs.get("id") in label_targets, control.attrs
    # The checkbox group is a fieldset with a legend.
    fieldset = next(form.iter("fieldset"))
    assert next(fieldset.iter("legend")).text() == "Your needs"
    assert all(node.attrs.get("name") == "needs" for node in fieldset.iter("input"))


def test_unpublished_frameworks_are_left_out(demo, client):
    Framework.objects.filter(slug="fastapi").update(is_published=False)
    content = _page(client, {"needs": ["async-support"], "scenario": REAL_TIME})
    # Both partly async: the tie goes to the lower position (Flask).
    assert [name for name, _s, _r in _rankings(content)] == ["Flask", "Django"]
    assert 'href="/frameworks/fastapi/"' not in content
