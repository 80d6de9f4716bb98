"""Share images: the 1200×630 PNG a link preview shows for a page (Open Graph, Twitter
cards), with the page's title, a short subtitle and the site's name.

Drawn with Pillow's built-in font (``ImageFont.load_default(size=…)``, Aileron), so no
font file ships with the site; its character set is small, so text is folded to it
first (accents dropped, dashes as hyphens). The alt text keeps the words as written.
"""

import io
import string
import textwrap
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont, ImageText

from comparisons.queries import latest_version_text
from comparisons.selection import comparison_heading

WIDTH, HEIGHT = 1200, 630
MARGIN = 72

# site.css's palette: every pair drawn here is above WCAG AAA's 7:1, or AA's 4.5:1 for the
# large site name (tests/test_share_images.py checks).
PAPER = "#ffffff"
INK = "#1b1f24"
MUTED = "#4a5562"
ACCENT = "#0b5cad"
ACCENT_INK = "#ffffff"

# What the built-in Aileron draws; anything else would be an empty box.
_DRAWN = frozenset(string.ascii_letters + string.digits + string.punctuation + " ©«°±´·»‘’“”…‹›⁄™")
_FOLDS = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "×": "x"})


@dataclass(frozen=True)
class Card:
    """What a share image says."""

    title: str
    subtitle: str

    @property
    def alt(self):
        return f"{self.title}: {self.subtitle} ({settings.SITE_NAME})"


def framework_card(framework):
    """A framework with its kind and latest version: ``framework`` comes from
    ``published_frameworks()``, which annotates the latest release."""
    return Card(
        title=framework.name,
        subtitle=f"{framework.kind} · latest version {latest_version_text(framework)}",
    )


def comparison_card(frameworks):
    return Card(
        title=comparison_heading(frameworks),
        subtitle="Features, performance and developer experience side by side, "
        "from sourced, dated data.",
    )


def article_card(article):
    return Card(title=article.title, subtitle=article.description)


def _drawable(text):
    """``text`` on one line, in the characters the built-in font has."""
    text = unicodedata.normalize("NFKD", " ".join(text.translate(_FOLDS).split()))
    return "".join(character for character in text if character in _DRAWN)


@cache
def _font(size):
    return ImageFont.load_default(size=size)


def _fitted(text, *, size, min_size, width, height, stroke=0):
    """``text`` wrapped into the box, at the largest size from ``size`` down to
    ``min_size`` at which it fits whole; too long even then, shortened with an ellipsis."""
    shortest = len(text)
    while True:
        block = ImageText.Text(text, _font(size), spacing=size // 4)
        block.stroke(stroke)
        try:
            block.wrap(width, height, scaling=("shrink", min_size))
            return block
        except ValueError:
            shortest = shortest * 9 // 10
            if shortest < 10:
                raise
            # Words longer than a line (a URL, garbage) are broken, or shortening drops them.
            text = " ".join(textwrap.wrap(text, 20))
            text = textwrap.shorten(text, shortest, placeholder="…")
            size = min_size  # larger sizes were tried already


def render(card):
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN

    draw.rectangle((0, 0, WIDTH, 104), fill=ACCENT)
    draw.text(
        (MARGIN, 52), _drawable(settings.SITE_NAME), fill=ACCENT_INK, font=_font(40), anchor="lm"
    )

    # The built-in font has no bold: a hairline stroke in the same ink gives the title weight.
    title = _fitted(_drawable(card.title), size=88, min_size=48, width=width, height=250, stroke=1)
    draw.text((MARGIN, 160), title, fill=INK)
    top = title.get_bbox((MARGIN, 160))[3] + 36

    subtitle = _fitted(
        _drawable(card.subtitle), size=40, min_size=30, width=width, height=HEIGHT - 48 - top
    )
    draw.text((MARGIN, top), subtitle, fill=MUTED)

    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=ACCENT)
    output = io.BytesIO()
    # Four inks and their anti-aliased edges fit a palette: a third of the bytes, and
    # quicker to compress than full colour.
    image.quantize(64, method=Image.Quantize.FASTOCTREE).save(output, format="PNG")
    return output.getvalue()
