"""Hostile input never makes a public page fail: arbitrary query strings and path segments
get a page, a redirect or a 4xx, never a 5xx (property-based, with Hypothesis)."""

import warnings
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comparisons.pages import ARTICLE_SLUG, PAGES

# Every public URL that takes a query string (the non-HTML ones too), once.
PUBLIC_URLS = [page.paths()[0] for page in PAGES]
# The query parameters the pages read.
PARAMETERS = [
    "sort", "page", "per_page", "_export", "q", "kind", "features", "support", "frameworks",
    "categories", "view", "differences", "needs", "scenario", "benchmark", "framework", "p",
    "every",
]  # fmt: skip
# Values that mean something to some page, so that hostile values meet valid ones.
MEANINGFUL = [
    "csv", "json", "xlsx", "transposed", "on", "1", "0", "-1", "yes", "some", "flask",
    "django", "fastapi", "routing", "admin-panel", "key-features", "performance", "name",
    "-name", "latest_version", "-first_release", "microframework", "Microframework",
    "building-a-small-rest-api-or-microservice", "average-response-time", "user",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=10**18, max_value=10**400).map(str),
    st.sampled_from(["1e999", "-0", "NaN", "inf", "0x10", "1_000", "٣", "１２", " 2 ", "2.5"]),
)
PERCENT_JUNK = st.text(alphabet="%0123456789abcdefABCDEFgz+&=;#", min_size=1, max_size=12)
LONG = st.text(min_size=1, max_size=8).map(lambda text: text * 2_000)
RAW = st.one_of(st.text(), LONG, NUMBERS, st.sampled_from(MEANINGFUL))
# Valid queries that take a page down another path (a redirect, an export, a ranking):
# hostile pairs are added to them.
VALID_QUERIES = [
    "",
    "frameworks=flask&frameworks=django",
    "frameworks=django&categories=performance&view=transposed&differences=on",
    "_export=csv",
    "_export=xlsx&sort=-name",
    "sort=-routing,average-response-time&view=transposed",
    "_export=json&page=2&per_page=1",
    "needs=routing&needs=admin-panel&scenario=building-a-small-rest-api-or-microservice",
    "features=routing&support=some&kind=Microframework&q=flask",
    "benchmark=average-response-time&framework=flask",
    "kind=user&page=2",
]


@st.composite
def query_strings(draw):
    """A raw query string: keys from the real parameters or random, values arbitrary text
    (control characters, NUL, unicode, very long) percent-encoded, or raw ``%`` junk."""
    pairs = [draw(st.sampled_from(VALID_QUERIES))]
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        key = draw(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=20)))
        if draw(st.booleans()):
            value = quote(draw(RAW), safe="")
        else:
            value = draw(st.one_of(PERCENT_JUNK, RAW.map(lambda text: quote(text, safe="%"))))
        pairs.append(f"{quote(key, safe='')}={value}")
    return "&".join(pair for pair in pairs if pair)


SEGMENT = st.one_of(
    st.text(min_size=1),
    st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True),
    # \w is unicode in the compare permalink's pattern: such slugs reach the view.
    st.from_regex(r"\w[-\w]{0,40}", fullmatch=True),
    LONG,
    st.sampled_from(["flask", "django", "fastapi", "flask-vs-django", ARTICLE_SLUG]),
)
HOSTILE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _assert_no_server_error(client, url):
    try:
        response = client.get(url)
    except Exception as error:  # the test client re-raises what made a 500
        raise AssertionError(f"GET {url!r} raised {error!r}") from error
    assert response.status_code < 500, f"GET {url!r} answered {response.status_code}"


@HOSTILE
@given(query=query_strings())
@example(query="features=%00&q=%00&kind=%00&needs=%00&scenario=%00&benchmark=%00")
@example(query="frameworks=flask&frameworks=django&categories=%00&view=%00&differences=%00")
@example(query="page=99999999999999999999999999&per_page=-99999999999999999999999")
@example(query="sort=%00&_export=csv")
def test_any_query_string_on_any_public_page_is_never_a_server_error(demo, client, query):
    for url in PUBLIC_URLS:
        _assert_no_server_error(client, f"{url}?{query}")


@HOSTILE
@given(segment=SEGMENT)
@example(segment="\x00")
@example(segment="flask\x00")
def test_any_framework_or_article_slug_is_never_a_server_error(demo, client, segment):
    for template in (
        "/frameworks/{}/",
        "/articles/{}/",
        "/compare/{}/",
        "/share/{}.png",
        "/share/frameworks/{}.png",
        "/share/articles/{}.png",
    ):
        _assert_no_server_error(client, template.format(quote(segment, safe="")))


@HOSTILE
@given(first=SEGMENT, second=SEGMENT)
@example(first="flask", second="\x00")
@example(first="django", second="flask")
def test_any_compare_permalink_is_never_a_server_error(demo, client, first, second):
    url = f"/compare/{quote(first, safe='')}-vs-{quote(second, safe='')}/"
    _assert_no_server_error(client, url)
    _assert_no_server_error(client, f"{url}?view=transposed&_export=json&differences=on")
    _assert_no_server_error(client, f"/share{url.removesuffix('/')}.png")


@pytest.mark.parametrize(
    "url",
    [
        "/frameworks/?features=%00&q=%00&kind=%00",
        "/compare/?frameworks=%00&categories=%00&view=%00",
        "/frameworks/flask%00/",
        "/compare/flask-vs-%00/",
    ],
)
def test_nul_bytes_are_never_a_server_error(demo, client, url):
    _assert_no_server_error(client, url)


@pytest.mark.parametrize(
    "url", ["/frameworks/", "/compare/", "/compare/flask-vs-django/", "/benchmarks/"]
)
@pytest.mark.parametrize("sort", [".", "-name.x", "name,.", "routing.."])
def test_a_dot_in_the_sort_key_is_ignored_without_a_warning(demo, client, url, sort):
    # Found by the property test above: django-tables2 warned (DeprecationWarning, an
    # error in this suite) on any "." in ?sort=, before dropping the unknown column.
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        response = client.get(url, {"sort": sort})
    assert response.status_code == 200
