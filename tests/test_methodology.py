"""/methodology/: one written rule for every mark, and what each row checks."""

from comparisons.models import Attribute, SupportLevel
from tests import html


def test_the_rule_for_every_mark_is_written_down(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/methodology/")
    assert response.status_code == 200
    text = html.parse(response.content.decode()).text()
    for words in (
        "Via an extension",
        "had a release within the 24 months before that date",
        "supports the framework's current major series",
        "never guess",
        "labelled",
    ):
        assert words in text or words.replace("labelled", "marked inferred") in text, words


def test_every_row_is_defined_on_the_page(demo, client):
    content = client.get("/methodology/").content.decode()
    for attribute in Attribute.objects.all():
        assert f'id="attribute-{attribute.slug}"' in content
        assert attribute.description, attribute  # the demo defines every row


def test_the_points_follow_the_order_tables_sort_by(demo, client):
    table = next(html.parse(client.get("/methodology/").content.decode()).iter("table"))
    rows = html.table_rows(table)[1:]
    assert [row[0] for row in rows] == [f"{level.symbol} {level.label}" for level in SupportLevel]
    assert [row[1] for row in rows][:4] == ["1", "0.67", "0.33", "0"]
    assert rows[4][1].startswith("not scored")


def test_the_page_is_in_the_sitemap_and_linked_from_the_decision_helper(db, client):
    assert "/methodology/</loc>" in client.get("/sitemap-pages.xml").content.decode()
    assert 'href="/methodology/"' in client.get("/choose/").content.decode()
