"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

Where Chromium or Playwright is missing the browser tests are skipped with the reason;
.ci/run installs both, so CI runs them all.
"""

import os
import shutil
from pathlib import Path

import pytest

from comparisons.demo import load_demo
from comparisons.models import Article, Framework, Scenario

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: make install-dev")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that the
    # tests make between page actions are still plain synchronous code. Set for these
    # tests only: the environment is restored when the browser closes.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE", "true"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the demo data, as `make run` serves it."""
    load_demo()
    return live_server.url


@pytest.fixture
def seed_site(site):
    """The live server with the demo's rows for the source article's three frameworks only:
    the small, stable world the reader journeys describe (as ``demo`` in page tests)."""
    article = Article.objects.get(slug="flask-vs-fastapi-vs-django")
    Framework.objects.exclude(articles=article).delete()
    Scenario.objects.filter(recommendations__isnull=True).delete()
    return site


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def new_page(browser):
    """A factory of pages, each in its own browser context (its own cookies and size).

    ``new_page(width=390, height=844)`` for a phone; call it twice for two people
    signed in at once. JavaScript errors on any of them fail the test.
    """
    contexts, errors = [], []

    def make(width=1280, height=900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
