"""The recipes in docs/architecture.md, done once: what they promise holds without code."""

import datetime

from comparisons.models import Category, Framework, SupportLevel, ValueKind
from tests.factories import AttributeFactory, AttributeValueFactory


def test_a_new_row_or_column_is_data_every_page_and_export_shows_it(demo, client):
    """An attribute added in the admin reaches the tables, the exports, the framework pages,
    the methodology and the decision helper: no code, no template."""
    attribute = AttributeFactory(
        category=Category.objects.get(slug="key-features"),
        name="Server-sent events",
        slug="server-sent-events",
        value_kind=ValueKind.SUPPORT,
        description="Streams events to the browser over one long HTTP response.",
        is_key=True,
    )
    verified = datetime.date(2026, 12, 5)
    for slug, level, text in [
        ("flask", SupportLevel.PARTIAL, "By streaming a response"),
        ("django", SupportLevel.VIA_EXTENSION, "Via django-eventstream"),
    ]:
        AttributeValueFactory(
            framework=Framework.objects.get(slug=slug),
            attribute=attribute,
            support=level,
            display_text=text,
            verified_on=verified,
        )

    compare = client.get("/compare/flask-vs-django/").content.decode()
    assert "Server-sent events" in compare
    assert "By streaming a response" in compare and "Via django-eventstream" in compare

    exported = client.get(
        "/compare/flask-vs-django/", {"_export": "json", "view": "transposed"}
    ).json()
    flask = next(row for row in exported if row["Framework"] == "Flask")
    assert flask["Server-sent events"]["support"] == "partial"
    assert flask["Server-sent events"]["verified_on"] == "2026-12-05"

    assert "Via django-eventstream" in client.get("/frameworks/django/").content.decode()
    frameworks = client.get("/frameworks/").content.decode()
    assert "Server-sent events" in frameworks and "By streaming a response" in frameworks
    assert "Streams events to the browser" in client.get("/methodology/").content.decode()
    choose = client.get("/choose/").content.decode()
    assert 'value="server-sent-events"' in choose or "Server-sent events" in choose
