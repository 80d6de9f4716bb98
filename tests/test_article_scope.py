"""An article names its frameworks: publishing others never changes it."""

from bench import synthetic
from comparisons.models import Article, ArticleFramework, Framework
from tests import html
from tests.factories import FrameworkFactory, ProConFactory

ARTICLE_URL = "/articles/flask-vs-fastapi-vs-django/"


def rendered(client):
    page = html.parse(client.get(ARTICLE_URL).content.decode())
    tables = [html.table_rows(table) for table in page.iter("table")]
    headings = [h3.text() for h3 in page.iter("h3")]
    return tables, headings


def test_the_demo_article_names_flask_fastapi_and_django_in_order(demo):
    article = Article.objects.get()
    assert [f.slug for f in article.frameworks.order_by("article_frameworks__position")] == [
        "flask",
        "fastapi",
        "django",
    ]


def test_the_article_is_unchanged_after_20_published_frameworks_are_generated(demo, client):
    before = rendered(client)
    synthetic.generate(20, 10, seed=3)
    assert Framework.objects.filter(is_published=True).count() == 23
    assert rendered(client) == before


def test_publishing_a_framework_never_changes_the_article(demo, client):
    litestar = FrameworkFactory(name="Litestar", slug="litestar", is_published=False)
    ProConFactory(framework=litestar, text="Fast and typed")
    before = rendered(client)
    litestar.is_published = True
    litestar.save()
    after = rendered(client)
    assert after == before
    assert "Litestar" not in client.get(ARTICLE_URL).content.decode()


def test_adding_a_framework_to_an_article_is_an_explicit_edit_in_history(demo, client):
    litestar = FrameworkFactory(name="Litestar", slug="litestar")
    link = ArticleFramework.objects.create(
        article=Article.objects.get(), framework=litestar, position=4
    )
    assert link.history.get().history_type == "+"
    tables, headings = rendered(client)
    assert tables[0][0] == ["Feature", "Flask", "FastAPI", "Django", "Litestar"]
    assert "Litestar" in headings  # philosophies and pros and cons follow the article


def test_an_unpublished_framework_leaves_the_article(demo, client):
    Framework.objects.filter(slug="fastapi").update(is_published=False)
    tables, _ = rendered(client)
    assert tables[0][0] == ["Feature", "Flask", "Django"]
