"""The decision helper page at /choose/: a GET form, ranked frameworks with reasons, scenarios."""

import pytest
from django.urls import reverse

from comparisons.models import Framework, SupportLevel
from tests.factories import AttributeFactory, AttributeValueFactory, FrameworkFactory
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


@pytest.fixture
def shop(db):
    """Three frameworks whose cells the tests below read (not the demo's, which editors
    keep current): a full-stack one, a micro one and an async one."""
    levels = {
        "Full": {"orm": "yes", "admin": "yes", "async": "partial", "rest": "via-extension"},
        "Micro": {"orm": "via-extension", "admin": "no", "async": "partial", "rest": "no"},
        "Fast": {"orm": "no", "admin": "no", "async": "yes", "rest": "yes"},
    }
    needs = {
        slug: AttributeFactory(name=name, slug=slug)
        for slug, name in [("orm", "ORM"), ("admin", "Admin"), ("async", "Async"), ("rest", "REST")]
    }
    frameworks = {}
    for position, (name, cells) in enumerate(levels.items()):
        framework = FrameworkFactory(name=name, slug=name.lower(), position=position)
        frameworks[name] = framework
        for slug, level in cells.items():
            text = "Django REST Framework" if (name, slug) == ("Full", "rest") else ""
            AttributeValueFactory(
                framework=framework, attribute=needs[slug], support=level, display_text=text
            )
    return frameworks


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


def test_full_stack_needs_rank_the_full_stack_one_first_with_reasons(shop, client):
    content = _page(client, {"needs": ["orm", "admin:3"]})
    rankings = _rankings(content)
    assert rankings[0] == (
        "Full",
        "Meets 2 of 2 needs fully: 5 of 5 points (100%)",
        ["ORM: Yes — built in (2 of 2)", "Admin: Yes — built in (3 of 3)"],
    )
    assert rankings[1][0] == "Micro"
    assert "ORM: Via an extension — via an extension (1.33 of 2)" in rankings[1][2]
    assert "Admin: No — not supported (0 of 3)" in rankings[1][2]
    assert 'href="/frameworks/full/"' in content


def test_counting_only_built_in_features(shop, client):
    rankings = _rankings(_page(client, {"needs": ["orm"], "builtin": "on"}))
    assert [name for name, _summary, _reasons in rankings] == ["Full", "Micro", "Fast"]
    assert rankings[1][1] == "Meets 0 of 1 need fully: 0 of 2 points (0%)"


def test_the_page_shows_its_scoring(shop, client):
    content = _page(client, {"needs": ["async"]})
    scoring = next(n for n in parse(content).iter("p") if n.attrs.get("class") == "choose-scoring")
    assert "✓ yes 1, ⊕ via an extension 0.67, ◐ partial 0.33, ✗ no 0" in scoring.text()
    assert 'href="/methodology/#order"' in content


def test_support_is_shown_by_symbol_and_words_not_colour_alone(shop, client):
    content = _page(client, {"needs": ["rest"]})
    symbol = SupportLevel.VIA_EXTENSION.symbol
    assert (
        '<li class="reason support support--via-extension">'
        f'<span class="support__symbol" aria-hidden="true">{symbol}</span> '
        "REST: Django REST Framework — via an extension"
    ) in content
    assert "REST: Yes — built in" in content


def test_needs_keep_their_weights(shop, client):
    tree = parse(_page(client, {"needs": ["admin:3", "orm"]}))
    chosen = {
        node.attrs["id"]: [o.attrs["value"] for o in node.iter("option") if "selected" in o.attrs]
        for node in tree.iter("select")
        if node.attrs.get("name") == "needs"
    }
    assert chosen["need-admin"] == ["admin:3"]
    assert chosen["need-orm"] == ["orm:2"]
    assert chosen["need-async"] == [""]


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
    assert len(_rankings(content)) == 3
    assert "Django</a> Channels" in content


def _errors(content):
    alert = next(
        (node for node in parse(content).iter("div") if node.attrs.get("role") == "alert"), None
    )
    return alert.text() if alert else ""


def test_unknown_need_is_an_error_and_the_valid_needs_still_rank(shop, client):
    content = _page(client, {"needs": ["no-such-need", "orm", "admin"]})
    assert "“no-such-need” is not a need we know; it was left out." in _errors(content)
    assert 'class="field-error"' in content
    rankings = _rankings(content)
    assert rankings[0][0] == "Full"
    assert rankings[0][2] == ["ORM: Yes — built in (2 of 2)", "Admin: Yes — built in (2 of 2)"]


def test_unknown_scenario_is_an_error_and_needs_still_rank(shop, client):
    content = _page(client, {"needs": ["async"], "scenario": "no-such-scenario"})
    assert "“no-such-scenario” is not a scenario we know, so none is shown." in _errors(content)
    assert _rankings(content)[0][0] == "Fast"
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


def test_an_empty_choice_says_so_instead_of_showing_nothing(demo, client):
    content = _page(client, {"needs": "", "scenario": ""})
    assert 'class="form-errors"' not in content
    assert "Nothing to rank: every need is left at “Not needed”" in content
    assert "How it works" in content


def test_the_first_visit_is_not_told_it_chose_nothing(demo, client):
    assert "Nothing to rank" not in _page(client)


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
    # The needs are a fieldset with a legend, each need a labelled choice of weight.
    fieldset = next(form.iter("fieldset"))
    assert next(fieldset.iter("legend")).text() == "Your needs, and how much each matters"
    assert all(node.attrs.get("name") == "needs" for node in fieldset.iter("select"))


def test_unpublished_frameworks_are_left_out(shop, client):
    Framework.objects.filter(slug="fast").update(is_published=False)
    content = _page(client, {"needs": ["async"]})
    # Both partly async: the tie goes to the lower position (Full).
    assert [name for name, _s, _r in _rankings(content)] == ["Full", "Micro"]
    assert 'href="/frameworks/fast/"' not in content


def test_rows_measuring_one_need_are_offered_and_scored_once(shop, client):
    from comparisons.models import Attribute

    twin = AttributeFactory(
        name="Async (again)", slug="async-again", same_need_as=Attribute.objects.get(slug="async")
    )
    for framework in shop.values():
        AttributeValueFactory(framework=framework, attribute=twin, support="yes")
    content = _page(client)
    assert 'id="need-async"' in content
    assert "need-async-again" not in content
    # An old link naming the twin weighs the need it measures, once.
    content = _page(client, {"needs": ["async-again:3"]})
    assert "not a need we know" not in content
    rankings = _rankings(content)
    assert [name for name, _, _ in rankings] == ["Fast", "Full", "Micro"]
    assert all("of 1 need " in summary for _, summary, _ in rankings)
