"""A small package index, recorded in the Simple API's shapes, that tests serve on loopback.

Synthetic data, not a copy of PyPI: versions, files and upload times exist only here.
Flask has a yanked newest file, a pre-release older than its newest final, and the version
the demo's benchmarks measured (3.1.3); FastAPI has a release whose only file is yanked;
Django has an older version than the watched frameworks know, two newer finals and a
pre-release newer than them. File links are relative, so metadata is asked of the test's
own server, never of the network.
"""

import hashlib

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"

# The core metadata (PEP 658) the index serves beside some wheels.
METADATA = {
    "flask-3.1.3-py3-none-any.whl": (
        "Metadata-Version: 2.4\nName: Flask\nVersion: 3.1.3\nRequires-Python: >=3.9\n"
        "Classifier: Programming Language :: Python :: 3\n"
        "Classifier: Programming Language :: Python :: 3.9\n"
        "Classifier: Programming Language :: Python :: 3.10\n"
        "Classifier: Programming Language :: Python :: 3.14\n"
        "Classifier: Programming Language :: Python :: 3.8\n"
        "Classifier: Framework :: Flask\n"
    ),
    "django-5.2.2-py3-none-any.whl": (
        "Metadata-Version: 2.4\nName: Django\nVersion: 5.2.2\n"
        "Classifier: Programming Language :: Python :: 3 :: Only\n"
    ),
}


def _file(project, version, uploaded, yanked=False, kind="wheel", requires=None):
    name = (
        f"{project}-{version}-py3-none-any.whl"
        if kind == "wheel"
        else f"{project}-{version}.tar.gz"
    )
    entry = {
        "filename": name,
        "url": f"../../files/{name}",
        "hashes": {"sha256": "0" * 64},
        "upload-time": uploaded,
        "yanked": "broken upload" if yanked else False,
    }
    if requires is not None:
        entry["requires-python"] = requires
    if name in METADATA:
        entry["core-metadata"] = {"sha256": hashlib.sha256(METADATA[name].encode()).hexdigest()}
    return entry


PROJECTS = {
    "flask": [
        _file("flask", "3.0.3", "2025-01-10T10:00:00.000000Z"),
        _file("flask", "3.1.0", "2025-02-01T09:30:00.000000Z"),
        _file("flask", "3.1.1", "2025-05-13T16:00:00.000000Z", requires=">=3.9"),
        _file("flask", "3.1.1", "2025-05-13T16:05:00.000000Z", kind="sdist"),
        _file("flask", "3.1.2", "2025-08-19T12:00:00.000000Z", requires=">=3.9"),
        _file("flask", "3.1.3", "2025-10-01T10:00:00.000000Z", requires="not a specifier"),
        _file("flask", "3.1.3rc1", "2025-09-01T12:00:00.000000Z"),
        _file("flask", "3.2.0", "2026-04-02T08:00:00.000000Z", yanked=True),
    ],
    "fastapi": [
        _file("fastapi", "0.115.12", "2025-03-23T22:00:00.000000Z"),
        _file("fastapi", "0.116.0", "2025-07-07T07:07:00.000000Z"),
        _file("fastapi", "0.116.1", "2025-07-11T09:00:00.000000Z", yanked=True),
    ],
    "django": [
        _file("django", "5.1.9", "2025-05-07T14:00:00.000000Z"),
        _file("django", "5.2", "2025-04-02T13:00:00.000000Z"),
        _file("django", "5.2.1", "2025-05-07T14:10:00.000000Z"),
        _file("django", "5.2.2", "2025-06-04T14:00:00.000000Z", requires=">=3.10"),
        _file("django", "6.0a1", "2025-09-17T14:00:00.000000Z"),
    ],
}


def json_page(project, files=None):
    files = PROJECTS[project] if files is None else files
    return {
        "meta": {"api-version": "1.1"},
        "name": project,
        "versions": sorted({f["filename"].split("-")[1] for f in files}),
        "files": files,
    }


def html_page(project):
    links = []
    for f in PROJECTS[project]:
        yanked = f' data-yanked="{f["yanked"]}"' if f["yanked"] else ""
        requires = f.get("requires-python", "").replace(">", "&gt;").replace("<", "&lt;")
        requires = f' data-requires-python="{requires}"' if requires else ""
        links.append(
            f'<a href="{f["url"]}#sha256={"0" * 64}"{yanked}{requires}>{f["filename"]}</a><br>'
        )
    body = "\n".join(links)
    return (
        '<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.0">'
        f"<title>Links for {project}</title></head><body><h1>Links for {project}</h1>"
        f"{body}</body></html>"
    )


def many_versions(project, count):
    """A project page listing ``count`` final versions: an index gone wild."""
    files = [
        _file(project, f"1.{n // 100}.{n % 100}", "2025-01-01T00:00:00.000000Z")
        for n in range(count)
    ]
    return json_page(project, files)
