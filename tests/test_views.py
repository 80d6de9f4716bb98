"""Public pages: status codes, content and a flat query count at 3 and at 50 frameworks."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.templatetags.static import static

from comparisons.models import AttributeValue, Framework
from comparisons.pages import PAGES
from tests.factories import FrameworkFactory, ReleaseFactory
from tests.html import parse

# (page, its most queries on a cold cache): the bounds are comparisons/pages.py's.
PUBLIC_PAGES = [
    (url, page.max_queries) for page in PAGES if page.max_queries for url in page.paths()
]
# The pages that show comparison data, each of which says how current it is.
DATED_PAGES = [url for page in PAGES if page.says_data_as_of for url in page.paths()]


@pytest.mark.parametrize(("url", "max_queries"), PUBLIC_PAGES)
@pytest.mark.parametrize("extra_frameworks", [0, 47])
def test_public_page_queries_stay_few_at_3_and_50_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, url, max_queries, extra_frameworks
):
    add_frameworks(extra_frameworks)
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200


def test_home_lists_published_frameworks_and_links_the_article(demo, client):
    Framework.objects.filter(slug="fastapi").update(is_published=False)
    content = client.get("/").content.decode()
    assert 'href="/frameworks/flask/"' in content
    assert 'href="/frameworks/fastapi/"' not in content
    assert 'href="/articles/flask-vs-fastapi-vs-django/"' in content
    assert "Every framework, in one sortable table" not in content


def test_home_shows_a_screen_of_framework_cards_and_links_the_rest(demo, add_frameworks, client):
    add_frameworks(12)
    content = client.get("/").content.decode()
    cards = [
        link
        for link in parse(content).iter("a")
        if link.attrs.get("href", "").startswith("/frameworks/")
    ]
    assert len([card for card in cards if card.attrs["href"] != "/frameworks/"]) == 12
    assert "Every framework, in one sortable table" in content


def test_framework_page_shows_facts_cells_results_and_advice(demo, client):
    content = client.get("/frameworks/django/").content.decode()
    for expected in [
        "Adrian Holovaty &amp; Simon Willison",
        "6.1.3",
        "Django REST framework",
        '<span class="support support--via-extension">',
        "High (~30–70 ms)",
        "An automatic admin site generated from your models.",
        "Full-featured web application with user auth and admin",
        "How to read the marks",
        # Each row's definition, where the cell is.
        "A ready-made web interface to browse and edit the application",
    ]:
        assert expected in content
    # No internal wording: the legend says what marks mean; a recommendation reads as words.
    assert "Support:" not in content
    assert "(choice" not in content
    assert "Real-time applications (chat, notifications, etc.): with Django Channels" in content
    # The article's pros and cons are the article's: the framework page shows the site's own.
    assert "Async support still improving" not in content


# The support windows shown end in 2027 and 2028: their status depends on the day.
@time_machine.travel(datetime(2026, 12, 5, 12, tzinfo=UTC), tick=True)
def test_framework_page_shows_series_python_support_and_policy(demo, client):
    content = client.get("/frameworks/django/").content.decode()
    for expected in [
        "Release series of Django, newest first",
        "Supported until December 2027; bug fixes until April 2027",
        "Security fixes only, until 30 Apr 2027",
        "5.2 <abbr",  # LTS
        "Ended April 2026",
        "3.12–3.14",
        "Django&#x27;s release process",
        'href="https://pypi.org/project/django/6.1.3/"',
        'href="/frameworks/django/releases/feed/"',
        'href="/releases/support.ics"',
    ]:
        assert expected in content, expected
    fastapi = client.get("/frameworks/fastapi/").content.decode()
    assert "No published support policy." in fastapi
    assert "(inferred)" in fastapi and "Newest series" in fastapi
    flask = client.get("/frameworks/flask/").content.decode()
    assert "Supported: the newest series" in flask
    assert "Version Support Policy" in flask


@pytest.mark.parametrize(
    "url",
    [
        "/frameworks/no-such-framework/",
        "/articles/no-such-article/",
        "/frameworks/%F0%9F%92%A5/",
        "/articles/../../etc/passwd",
        "/no/such/page/",
    ],
)
def test_unknown_paths_are_not_found(demo, client, url):
    assert client.get(url).status_code == 404


def test_unpublished_framework_is_not_found(demo, client):
    Framework.objects.filter(slug="flask").update(is_published=False)
    assert client.get("/frameworks/flask/").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "999", "abc", "1e9"])
def test_article_list_bad_page_numbers_never_fail(demo, client, page):
    assert client.get("/articles/", {"page": page}).status_code in (200, 404)


def test_base_template_has_landmarks_and_skip_link(demo, client):
    content = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    assert "<header" in content
    assert "<footer" in content
    assert '<nav aria-label="Main">' in content
    assert '<html lang="en">' in content


def test_article_page_has_its_title_and_description(demo, client):
    content = client.get("/articles/flask-vs-fastapi-vs-django/").content.decode()
    assert "<title>Flask vs FastAPI vs Django ·" in content
    assert '<meta name="description" content="A side-by-side look' in content


def test_collected_stylesheet_is_served_hashed_and_compressed(db, client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    response = client.get(url, headers={"accept-encoding": "br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]


def test_framework_page_flags_unverified_cells(demo, client):
    AttributeValue.objects.filter(framework__slug="flask", attribute__slug="routing").update(
        verified_on="2026-10-01", source_url="https://flask.palletsprojects.com/"
    )
    content = client.get("/frameworks/flask/").content.decode()
    assert 'Verified <time datetime="2026-10-01">1 Oct 2026</time>' in content
    assert "Not yet verified by an editor" in content


def test_article_tables_link_to_their_sortable_version(demo, client):
    content = client.get("/articles/flask-vs-fastapi-vs-django/").content.decode()
    assert 'href="/compare/?categories=key-features"' in content


def test_framework_page_reads_its_latest_version_from_its_releases(demo, client):
    framework = FrameworkFactory(name="Versioned", slug="versioned")
    ReleaseFactory(framework=framework, version="10.0.0", uploaded_on=date(2024, 1, 2))
    ReleaseFactory(framework=framework, version="9.9.1", uploaded_on=date(2025, 3, 4))
    ReleaseFactory(framework=framework, version="11.0rc1", uploaded_on=date(2025, 4, 4))
    content = client.get("/frameworks/versioned/").content.decode()
    assert "<dt>Latest version</dt><dd>10.0.0 (2 Jan 2024)</dd>" in content

    FrameworkFactory(name="Unreleased", slug="unreleased")
    content = client.get("/frameworks/unreleased/").content.decode()
    assert "<dt>Latest version</dt><dd>—</dd>" in content


@pytest.mark.parametrize("url", DATED_PAGES)
def test_every_page_that_shows_data_says_as_of_when(demo, client, url):
    content = client.get(url).content.decode()
    assert (
        '<p class="data-as-of">Data as of <time datetime="2026-12-05">5 December 2026</time>'
        in (content)
    )


def test_a_framework_page_leads_on_to_its_comparisons_benchmarks_and_articles(demo, client):
    page = parse(client.get("/frameworks/fastapi/").content.decode())
    further = next(nav for nav in page.iter("nav") if nav.attrs.get("class") == "further")
    links = {a.text(): a.attrs["href"] for a in further.iter("a")}
    # Each pair at its canonical permalink: the frameworks in the site's order.
    assert links["Flask"] == "/compare/flask-vs-fastapi/"
    assert links["Django"] == "/compare/fastapi-vs-django/"
    assert links["Its benchmark results"] == "/benchmarks/?framework=fastapi"
    assert "/articles/flask-vs-fastapi-vs-django/" in links.values()
    for href in links.values():
        assert client.get(href).status_code == 200, href
