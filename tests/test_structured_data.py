"""comparisons/structured_data.py: schema.org JSON-LD that search engines read, from the page's
own data, escaped so no text can end the script block."""

import json
import re

from comparisons.models import Framework


def _json_ld(content):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def test_a_framework_page_describes_the_framework_and_its_place(demo, client):
    data = _json_ld(client.get("/frameworks/django/").content.decode())
    app = data["SoftwareApplication"]
    django = Framework.objects.published().with_latest_release().get(slug="django")
    assert app["name"] == "Django"
    assert app["softwareVersion"] == django.latest_version
    assert app["url"] == "http://testserver/frameworks/django/"
    assert app["license"] == django.license
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Frameworks", "Django"]


def test_the_article_says_when_it_was_published_and_modified(demo, client):
    data = _json_ld(client.get("/articles/flask-vs-fastapi-vs-django/").content.decode())
    assert data["Article"]["headline"]
    assert data["Article"]["datePublished"]
    assert data["Article"]["dateModified"] >= data["Article"]["datePublished"]
    crumbs = [item["item"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs[1] == "http://testserver/articles/"


def test_comparison_pages_have_breadcrumbs_and_the_home_page_none(demo, client):
    data = _json_ld(client.get("/compare/flask-vs-django/").content.decode())
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Compare", "Flask vs Django"]
    assert _json_ld(client.get("/").content.decode()) == {}


def test_editor_text_cannot_close_the_script_block(demo, client):
    Framework.objects.filter(slug="flask").update(summary="</script><script>alert(1)</script>")
    content = client.get("/frameworks/flask/").content.decode()
    assert "<script>alert(1)" not in content
    assert _json_ld(content)["SoftwareApplication"]["description"].startswith("</script>")
