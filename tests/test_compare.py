"""The compare page: any subset side by side, canonical permalinks, typed sorting, exports."""

import csv
import io

import pytest

from comparisons.models import AttributeValue, Framework
from tests import html

PERMALINK = "/compare/flask-vs-django/"


def _rows(response):
    page = html.parse(response.content.decode())
    table = next(page.iter("table"))
    return html.table_rows(table)


def _header(response):
    return [name.removesuffix(" (differs)") for name in _rows(response)[0]]


def _first_column(response):
    return [row[0] for row in _rows(response)[1:]]


def _attribute_rows(response):
    """{attribute name: [cell text per framework]} of the default layout (no heading rows)."""
    page = html.parse(response.content.decode())
    table = next(page.iter("table"))
    rows = html.table_rows(table)[1:]
    return {row[0].removesuffix(" (differs)"): row[1:] for row in rows if len(row) > 1}


ROWS = {"view": "transposed"}


@pytest.mark.parametrize("extra_frameworks", [0, 47])
@pytest.mark.parametrize(
    "url",
    [
        "/compare/",
        PERMALINK,
        PERMALINK + "?view=transposed",
        PERMALINK + "?differences=on",
        "/compare/?view=transposed&differences=on",
    ],
)
def test_compare_queries_stay_few_at_3_and_50_frameworks(
    cells_as_claimed, add_frameworks, client, django_assert_max_num_queries, url, extra_frameworks
):
    add_frameworks(extra_frameworks)
    # A large selection shows the site-wide "data as of" (one more query on a cold cache);
    # the frameworks shown as columns, their measured results (one more).
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


def test_compare_without_a_choice_shows_every_framework_and_category(cells_as_claimed, client):
    response = client.get("/compare/")
    # Attributes are rows under their category's heading; the frameworks are the columns.
    assert _header(response) == ["Attribute", "Flask", "FastAPI", "Django"]
    first_column = _first_column(response)
    assert first_column[0] == "Key features"
    assert "Performance" in first_column
    assert "Developer experience" in first_column
    rows = _attribute_rows(response)
    assert rows["Built-in ORM"] == ["No", "No", "Yes"]
    assert "Learning Curve" in rows
    assert "Average Response Time" in rows


def test_category_headings_head_the_rows_of_their_own_group(cells_as_claimed, client):
    # WCAG 1.3.1: scope="colgroup" with no <colgroup> tied the heading to nothing.
    page = html.parse(client.get(PERMALINK).content.decode())
    assert not [th for th in page.iter("th") if th.attrs.get("scope") == "colgroup"]
    groups = [
        body
        for body in page.iter("tbody")
        if any(tr.attrs.get("class") == "group-row" for tr in body.iter("tr"))
    ]
    headings = []
    for body in groups:
        first_row = next(body.iter("tr"))
        heading = next(first_row.iter("th"))
        assert heading.attrs.get("scope") == "rowgroup"
        headings.append(heading.text())
    assert headings == ["Key features", "Performance", "Developer experience"]


def test_the_transposed_view_has_frameworks_as_rows(cells_as_claimed, client):
    response = client.get("/compare/", ROWS)
    assert _first_column(response) == ["Flask", "FastAPI", "Django"]
    header = _header(response)
    assert "Routing" in header
    assert "Learning Curve" in header


def test_picking_frameworks_redirects_to_the_canonical_permalink(cells_as_claimed, client):
    response = client.get(
        "/compare/", {"frameworks": ["django", "flask"], "categories": "performance"}
    )
    assert response.status_code == 302
    assert response["Location"] == PERMALINK + "?categories=performance"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/compare/django-vs-flask/", PERMALINK),
        ("/compare/flask-vs-django-vs-flask/", PERMALINK),
        ("/compare/django-vs-flask/?sort=-learning-curve", PERMALINK + "?sort=-learning-curve"),
        ("/compare/django-vs-fastapi-vs-flask/", "/compare/flask-vs-fastapi-vs-django/"),
    ],
)
def test_other_spellings_redirect_permanently_to_the_canonical_order(
    cells_as_claimed, client, url, target
):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == target


def test_a_permalink_naming_one_framework_twice_goes_to_the_picker(cells_as_claimed, client):
    response = client.get("/compare/flask-vs-flask/")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?frameworks=flask"


@pytest.mark.parametrize(
    "url",
    [
        "/compare/flask-vs-nope/",
        "/compare/flask-vs-/",
        "/compare/-vs-flask/",
        "/compare/flask-vs-django-vs-%F0%9F%92%A5/",
        "/compare/flask-and-django/",
        "/compare/flask/",
    ],
)
def test_unknown_or_malformed_permalinks_are_not_found(cells_as_claimed, client, url):
    assert client.get(url).status_code == 404


def test_unpublished_frameworks_are_not_comparable(cells_as_claimed, client):
    Framework.objects.filter(slug="flask").update(is_published=False)
    assert client.get(PERMALINK).status_code == 404


def test_permalink_page_is_canonical_and_shows_only_the_chosen(cells_as_claimed, client):
    response = client.get(PERMALINK + "?sort=learning-curve")
    content = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/compare/flask-vs-django/">' in content
    assert _header(response) == ["Attribute", "Flask", "Django"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("average-response-time", ["FastAPI", "Flask", "Django"]),  # ranges by their low end
        ("-average-response-time", ["Django", "Flask", "FastAPI"]),
        ("learning-curve", ["Flask", "FastAPI", "Django"]),  # Easy < Moderate < Steeper
        ("-learning-curve", ["Django", "FastAPI", "Flask"]),
        ("built-in-orm", ["Flask", "FastAPI", "Django"]),  # no < yes, ties keep order
        ("-built-in-orm", ["Django", "Flask", "FastAPI"]),
        ("rest-framework", ["Flask", "Django", "FastAPI"]),  # via an extension < yes
        ("-framework", ["Flask", "FastAPI", "Django"]),
        ("no-such-column", ["Flask", "FastAPI", "Django"]),
    ],
)
def test_columns_sort_by_their_typed_value(cells_as_claimed, client, sort, expected):
    assert _first_column(client.get("/compare/", {"sort": sort, **ROWS})) == expected


def test_sorting_by_a_framework_orders_the_rows_within_each_category(cells_as_claimed, client):
    response = client.get("/compare/", {"sort": "-fw-django", "categories": "developer-experience"})
    rows = list(_attribute_rows(response))
    # Support rows first, best first; then the ranked rows, highest first: a support
    # level never compares with a rank.
    assert rows == [
        "IDE Auto-Completion",  # partial
        "Type Checking",  # no
        "Learning Curve",  # 3, then ties in their order
        "Community and Ecosystem",
        "Project Structure",
    ]
    ascending = list(
        _attribute_rows(
            client.get("/compare/", {"sort": "fw-django", "categories": "developer-experience"})
        )
    )
    assert ascending != rows
    assert set(ascending) == set(rows)


def test_missing_values_sort_last_in_both_directions(cells_as_claimed, client):
    AttributeValue.objects.filter(
        framework__slug="flask", attribute__slug="learning-curve"
    ).delete()
    ascending = _first_column(client.get("/compare/", {"sort": "learning-curve", **ROWS}))
    descending = _first_column(client.get("/compare/", {"sort": "-learning-curve", **ROWS}))
    assert ascending == ["FastAPI", "Django", "Flask"]
    assert descending == ["Django", "FastAPI", "Flask"]


def test_sorted_header_has_aria_sort_and_every_header_a_scope(cells_as_claimed, client):
    response = client.get(PERMALINK, {"sort": "-learning-curve", **ROWS})
    page = html.parse(response.content.decode())
    headers = [th for th in page.iter("th") if th.parent.parent.tag == "thead"]
    assert all(th.attrs.get("scope") == "col" for th in headers)
    sorted_headers = [th for th in headers if "aria-sort" in th.attrs]
    assert [(th.text(), th.attrs["aria-sort"]) for th in sorted_headers] == [
        ("Learning Curve (differs)", "descending")
    ]
    assert next(page.iter("caption")).text().startswith("Flask vs Django")


def _marked(response):
    page = html.parse(response.content.decode())
    return {
        th.text().split(" (differs)")[0]
        for th in page.iter("th")
        if th.attrs.get("data-differs") or "differs" in th.parent.attrs.get("class", "")
    }


@pytest.mark.parametrize("params", [{}, ROWS])
def test_rows_where_frameworks_differ_in_meaning_are_marked(cells_as_claimed, client, params):
    marked = _marked(client.get("/compare/fastapi-vs-django/", params))
    assert "Built-in ORM" in marked
    assert "Templating Engine" in marked  # partial vs yes
    assert "Type Checking" in marked
    assert "Average Response Time" in marked
    assert "Routing" not in marked  # "Yes (typed)" and "Yes" are both yes
    assert "IDE Auto-Completion" in marked  # Excellent (yes) vs Limited (partial)


def test_only_differences_hides_rows_where_all_agree(cells_as_claimed, client):
    rows = _attribute_rows(client.get("/compare/flask-vs-django/", {"differences": "on"}))
    assert "Routing" not in rows  # Yes and Yes
    assert "IDE Auto-Completion" not in rows  # Limited and Limited
    assert "Built-in ORM" in rows
    assert len(rows) < 17


def test_category_choice_limits_the_rows(cells_as_claimed, client):
    rows = _attribute_rows(client.get(PERMALINK, {"categories": "performance"}))
    assert list(rows) == ["Average Response Time", "Async Capable", "Real-Time APIs"]
    header = _header(client.get(PERMALINK, {"categories": "performance", **ROWS}))
    assert header == ["Framework", "Average Response Time", "Async Capable", "Real-Time APIs"]


def test_invalid_choices_show_an_error_beside_usable_results(cells_as_claimed, client):
    response = client.get("/compare/", {"frameworks": ["flask", "zzz"], "categories": "nope"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="form-errors"' in content
    assert "zzz is not one of the available choices" in content
    assert _header(response) == ["Attribute", "Flask"]
    assert "Pick at least two frameworks" in content


def test_export_holds_exactly_what_is_shown(cells_as_claimed, client):
    response = client.get(
        PERMALINK,
        {"_export": "csv", "categories": "performance", "sort": "-average-response-time", **ROWS},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # Each column of values is followed by its source, verified and note columns.
    assert rows[0][1:5] == [
        "Average Response Time",
        "Average Response Time: source",
        "Average Response Time: verified",
        "Average Response Time: note",
    ]
    assert [[row[i] for i in (0, 1, 5, 9)] for row in rows] == [
        ["Framework", "Average Response Time", "Async Capable", "Real-Time APIs"],
        ["Django", "High (~30–70 ms)", "Partial", "With Channels"],
        ["Flask", "Medium (~20–50 ms)", "Limited", "With workarounds"],
    ]


def test_the_default_export_has_attributes_as_rows(cells_as_claimed, client):
    response = client.get(PERMALINK, {"_export": "json", "categories": "performance"})
    row = response.json()[0]
    assert (row["Attribute"], row["Category"]) == ("Average Response Time", "Performance")
    assert (row["Flask"]["text"], row["Django"]["text"]) == (
        "Medium (~20–50 ms)",
        "High (~30–70 ms)",
    )


@pytest.mark.parametrize("export", ["xml", "pdf", "CSV", "../csv"])
def test_unknown_export_format_is_not_found(cells_as_claimed, client, export):
    assert client.get(PERMALINK, {"_export": export}).status_code == 404


def test_an_empty_export_parameter_is_the_page_itself(cells_as_claimed, client):
    # An empty value is what a bare form submit leaves: the page itself.
    response = client.get(PERMALINK, {"_export": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"per_page": "0"},
        {"per_page": "-5"},
        {"per_page": "100000"},
        {"per_page": "x"},
        {"view": "sideways"},
        {"differences": "maybe"},
        {"sort": "-"},
        {"sort": "%00"},
    ],
)
def test_bad_parameters_never_fail(cells_as_claimed, client, params):
    assert client.get(PERMALINK, params).status_code in (200, 404)


def test_per_page_is_clamped_to_100(cells_as_claimed, add_frameworks, client):
    add_frameworks(120)
    response = client.get("/compare/", {"per_page": "100000", **ROWS})
    assert len(_rows(response)) == 1 + 100
    assert "Page 1 of 2" in response.content.decode()


def test_the_picker_shows_the_permalink_choice_as_ticked(cells_as_claimed, client):
    page = html.parse(client.get(PERMALINK).content.decode())
    ticked = [
        box.attrs["value"]
        for box in page.iter("input")
        if box.attrs.get("name") == "frameworks" and "checked" in box.attrs
    ]
    assert ticked == ["flask", "django"]


def test_the_picker_ticks_what_is_on_display(cells_as_claimed, client):
    page = html.parse(client.get("/compare/").content.decode())
    ticked = {
        (box.attrs["name"], box.attrs["value"])
        for box in page.iter("input")
        if box.attrs.get("type") == "checkbox" and "checked" in box.attrs
    }
    assert ticked == {
        ("frameworks", "flask"),
        ("frameworks", "fastapi"),
        ("frameworks", "django"),
        ("categories", "key-features"),
        ("categories", "performance"),
        ("categories", "developer-experience"),
    }


def test_every_category_ticked_is_the_default_and_leaves_the_link_clean(cells_as_claimed, client):
    every = ["key-features", "performance", "developer-experience"]
    response = client.get("/compare/", {"frameworks": ["flask", "django"], "categories": every})
    assert response["Location"] == PERMALINK


def test_frameworks_as_columns_are_paged_at_a_constant_query_count(
    cells_as_claimed, add_frameworks, client, django_assert_max_num_queries
):
    add_frameworks(197)  # 200 frameworks
    # A large selection shows the site-wide "data as of" (one more query on a cold cache);
    # the frameworks shown as columns, their measured results (one more).
    with django_assert_max_num_queries(8):
        response = client.get("/compare/")
    header = _header(response)
    assert header[0] == "Attribute"
    assert len(header) == 1 + 8
    content = response.content.decode()
    assert "Frameworks 1–8 of 200" in content
    assert "<h1>200 frameworks side by side</h1>" in content
    assert 'class="permalink"' not in content  # 200 slugs in a row are no link to share
    assert '<link rel="canonical" href="http://testserver/compare/">' in content
    second = _header(client.get("/compare/", {"page": "2"}))
    assert not set(second[1:]) & set(header[1:])
    # Frameworks as rows at 200: a page of rows, fetched alone.
    with django_assert_max_num_queries(8):
        response = client.get("/compare/", {"view": "transposed", "sort": "-learning-curve"})
    assert len(_first_column(response)) == 25


def test_a_large_selection_fetches_only_the_page_and_still_sorts_across_pages(
    cells_as_claimed, add_frameworks, client, django_assert_max_num_queries
):
    add_frameworks(40)  # 43 frameworks: more than one page of 25
    with django_assert_max_num_queries(8):
        response = client.get("/compare/", {"sort": "-first_release_year", **ROWS})
    assert len(_first_column(response)) == 25
    assert "differences are not marked" in response.content.decode()

    ranks = dict(
        AttributeValue.objects.filter(attribute__slug="learning-curve").values_list(
            "framework__name", "ordinal_rank"
        )
    )
    for direction in ("", "-"):
        pages = [
            [
                ranks[name]
                for name in _first_column(
                    client.get(
                        "/compare/",
                        {"sort": f"{direction}learning-curve", "page": page, **ROWS},
                    )
                )
            ]
            for page in (1, 2)
        ]
        ordered = pages[0] + pages[1]
        assert ordered == sorted(ordered, reverse=direction == "-")


def test_a_large_selection_exports_every_row(cells_as_claimed, add_frameworks, client):
    add_frameworks(40)
    response = client.get("/compare/", {"_export": "csv", "categories": "performance", **ROWS})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 + 43
    # Frameworks as columns: the export holds every chosen framework, not one page of them.
    response = client.get("/compare/", {"_export": "csv", "categories": "performance"})
    header = next(csv.reader(io.StringIO(response.content.decode())))
    extra = (": source", ": verified", ": note")
    assert len([name for name in header if not name.endswith(extra)]) == 2 + 43


def test_the_shared_link_and_one_step_links_keep_the_reader_s_view(cells_as_claimed, client):
    view = {"categories": "performance", "view": "transposed", "sort": "name", "differences": "1"}
    content = client.get("/compare/flask-vs-django/", {**view, "page": "1"}).content.decode()
    page = html.parse(content)
    shared = next(p for p in page.iter("p") if p.attrs.get("class") == "permalink")
    link = next(shared.iter("a")).attrs["href"]
    assert link.startswith("http://testserver/compare/flask-vs-django/?")
    assert "categories=performance" in link and "view=transposed" in link
    assert "sort=name" in link and "differences=1" in link and "page=" not in link
    step = next(nav for nav in page.iter("nav") if nav.attrs.get("class") == "one-step")
    links = {a.text(): a.attrs["href"] for a in step.iter("a")}
    # Adding FastAPI puts it in the site's order; with two, nothing can be removed.
    assert links["FastAPI"].startswith("/compare/flask-vs-fastapi-vs-django/?")
    assert "view=transposed" in links["FastAPI"]
    assert set(links) == {"FastAPI"}
    three = html.parse(client.get("/compare/flask-vs-fastapi-vs-django/").content.decode())
    step = next(nav for nav in three.iter("nav") if nav.attrs.get("class") == "one-step")
    links = {a.text(): a.attrs["href"] for a in step.iter("a")}
    assert links == {  # every framework is in: each can be taken out
        "Flask": "/compare/fastapi-vs-django/",
        "FastAPI": "/compare/flask-vs-django/",
        "Django": "/compare/flask-vs-fastapi/",
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_measured_speed_is_ranked_among_the_chosen_frameworks(demo, client):
    """Each measured result with its interval, and whether it is faster than the fastest
    of the frameworks compared, from the significance test of their runs."""
    content = client.get("/compare/flask-vs-fastapi-vs-django/").content.decode()
    section = html.parse(content).find_id("measured-heading").parent.text()
    assert "JSON: requests per second (measured)" in section
    assert "FastAPI 0.165.0: 10,023.5 req/s (95% CI 9512–10,302, 6 runs); rank 1, fastest" in (
        section
    )
    assert "Flask 3.1.3: 4742 req/s (95% CI 4557–4948, 6 runs); rank =2, slower than FastAPI" in (
        section
    )
    # Flask and Django: their runs cannot tell them apart, so they tie.
    assert "Django 6.1.3: 4747.5 req/s (95% CI 4528–4886, 6 runs); rank =2" in section
    # Withheld results (too noisy) are never ranked: FastAPI's plain text result is one.
    assert "FastAPI 0.165.0: 11" not in section


def test_measured_speed_is_left_out_of_one_framework(demo, client):
    content = client.get("/compare/?frameworks=flask").content.decode()
    assert 'id="measured-heading"' not in content
