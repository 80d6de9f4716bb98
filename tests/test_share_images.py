"""comparisons/share_images.py and views/share.py: every public page names its own share
image (Open Graph, Twitter card), a 1200×630 PNG of its title that exists only for pages
that exist, costs a fixed number of queries, and is cached like any page."""

import io

import pytest
from PIL import Image

from comparisons import share_images
from comparisons.models import Framework
from comparisons.pages import reader_paths
from tests import html
from tests.factories import ArticleFactory, FrameworkFactory

PAGES = reader_paths()
IMAGES = [
    "/share/home.png",
    "/share/frameworks/flask.png",
    "/share/compare/flask-vs-django.png",
    "/share/articles/flask-vs-fastapi-vs-django.png",
    "/share/benchmarks.png",
]


def _meta(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = html.parse(response.content.decode())
    return {
        tag.attrs.get("property") or tag.attrs.get("name"): tag.attrs.get("content")
        for tag in page.iter("meta")
    }


def _png(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


@pytest.mark.parametrize("url", PAGES)
def test_every_public_page_names_a_share_image_that_answers(demo, client, url):
    meta = _meta(client, url)
    image_url = meta["og:image"]
    assert image_url.startswith("http://testserver/share/")
    assert meta["twitter:image"] == image_url
    assert meta["twitter:card"] == "summary_large_image"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] and meta["twitter:image:alt"] == meta["og:image:alt"]
    assert _png(client, image_url.removeprefix("http://testserver")).size == (1200, 630)


def test_each_page_names_its_own_image_with_its_title_in_the_alt_text(demo, client):
    urls = [
        "/frameworks/flask/",
        "/frameworks/django/",
        "/compare/flask-vs-fastapi-vs-django/",
        "/benchmarks/",
        "/articles/flask-vs-fastapi-vs-django/",
        "/",
    ]
    metas = {url: _meta(client, url) for url in urls}
    assert len({meta["og:image"] for meta in metas.values()}) == len(urls)
    flask = Framework.objects.get(slug="flask")
    assert metas["/frameworks/flask/"]["og:image"] == "http://testserver/share/frameworks/flask.png"
    assert metas["/frameworks/flask/"]["og:image:alt"].startswith(f"Flask: {flask.kind}")
    compare = metas["/compare/flask-vs-fastapi-vs-django/"]
    assert compare["og:image"].endswith("/share/compare/flask-vs-fastapi-vs-django.png")
    assert compare["og:image:alt"].startswith("Flask vs FastAPI vs Django:")
    assert metas["/benchmarks/"]["og:image:alt"].startswith("Benchmarks:")
    assert metas["/articles/flask-vs-fastapi-vs-django/"]["og:image:alt"].startswith(
        "Flask vs FastAPI vs Django:"
    )


def test_the_framework_image_names_its_latest_version_and_kind(demo):
    framework = Framework.objects.published().with_latest_release().get(slug="django")
    card = share_images.framework_card(framework)
    assert card.title == "Django"
    assert framework.kind in card.subtitle
    assert framework.latest_version in card.subtitle


def test_a_page_without_an_image_of_its_own_shares_the_home_page_s(demo, add_frameworks, client):
    add_frameworks(30)  # more than the compare page names in one permalink by default
    assert _meta(client, "/compare/")["og:image"] == _meta(client, "/")["og:image"]


@pytest.mark.parametrize(
    "path",
    [
        "/share/frameworks/nope.png",
        "/share/compare/flask-vs-nope.png",
        "/share/compare/django-vs-flask.png",  # not the canonical order
        "/share/compare/flask-vs-flask.png",
        "/share/compare/flask.png",
        "/share/articles/nope.png",
        "/share/nope.png",
        "/share/compare.png",  # its image is the permalink's, or the home page's
        "/share/frameworks/flask.jpg",
        "/share/frameworks/fl%00ask.png",
        "/share/compare/flask-vs-dj%C3%A4ngo.png",
    ],
)
def test_an_image_of_no_page_is_a_404(demo, client, path):
    assert client.get(path).status_code == 404


def test_unpublished_frameworks_and_articles_have_no_image(demo, client):
    FrameworkFactory(slug="hidden", is_published=False)
    ArticleFactory(slug="draft", is_published=False)
    assert client.get("/share/frameworks/hidden.png").status_code == 404
    assert client.get("/share/compare/flask-vs-hidden.png").status_code == 404
    assert client.get("/share/articles/draft.png").status_code == 404
    Framework.objects.filter(slug="flask").update(is_published=False)
    assert client.get("/share/frameworks/flask.png").status_code == 404


@pytest.mark.parametrize("extra_frameworks", [0, 47])
@pytest.mark.parametrize("path", IMAGES)
def test_an_image_costs_few_queries_at_3_and_50_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks, path
):
    add_frameworks(extra_frameworks)
    with django_assert_max_num_queries(3):
        assert client.get(path).status_code == 200


def test_a_comparison_of_many_frameworks_counts_them(demo, add_frameworks, client):
    add_frameworks(5)
    slugs = "-vs-".join(framework.slug for framework in Framework.objects.published())
    assert client.get(f"/share/compare/{slugs}.png").status_code == 200
    card = share_images.comparison_card(list(Framework.objects.published()))
    assert card.title == f"{Framework.objects.published().count()} frameworks side by side"


def test_images_are_public_cached_and_answer_conditional_requests(
    demo, client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get("/share/frameworks/flask.png")
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert first["ETag"]
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/share/frameworks/flask.png")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    not_modified = client.get(
        "/share/frameworks/flask.png", headers={"if-none-match": first["ETag"]}
    )
    assert not_modified.status_code == 304


def test_a_long_or_foreign_title_still_fits_the_image():
    card = share_images.Card(
        title="Émile’s “very” long – title " * 12 + "x" * 200,
        subtitle="日本語 and a URL https://example.com/" + "a" * 300,
    )
    image = Image.open(io.BytesIO(share_images.render(card)))
    assert image.size == (1200, 630)


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_text_has_good_contrast():
    assert _contrast(share_images.INK, share_images.PAPER) >= 7
    assert _contrast(share_images.MUTED, share_images.PAPER) >= 7
    assert _contrast(share_images.ACCENT_INK, share_images.ACCENT) >= 4.5  # large text
