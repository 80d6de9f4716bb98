"""Editor Markdown renders with HTML off and is sanitized."""

import pytest

from comparisons.markdown import render_markdown


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**bold** and [docs](https://example.org)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">docs</a>' in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="https://e.org" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_raw_html_is_shown_as_text_not_markup(hostile):
    html = render_markdown(hostile)
    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "<a " not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "link", ["[x](javascript:alert(1))", "[x](data:text/html,hi)", "[x](vbscript:msgbox)"]
)
def test_dangerous_link_schemes_are_dropped(link):
    assert "href" not in render_markdown(link)


def test_editor_headings_start_below_the_page_headings():
    html = render_markdown("# Top\n\n## Next")
    assert "<h3>Top</h3>" in html
    assert "<h4>Next</h4>" in html


def test_an_outline_starting_at_any_level_starts_at_h3():
    html = render_markdown("### Setup\n\n#### Details\n\n### More")
    assert html.count("<h3>") == 2 and "<h4>Details</h4>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""


def test_angle_brackets_that_are_no_web_address_stay_text():
    # CommonMark reads <int:id> as a link to the scheme "int:"; the sanitizer would drop
    # its address and leave an <a> without href (invalid HTML, a dead link).
    html = render_markdown("Typed segments such as <int:id>, see <https://example.org/>.")
    assert "&lt;int:id&gt;" in html
    assert html.count("<a ") == 1
    assert 'href="https://example.org/"' in html
