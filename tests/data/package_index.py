"""A small package index, recorded in the Simple API's shapes, that tests serve on loopback.

Synthetic data, not a copy of PyPI: versions, files and upload times exist only here.
Flask has a yanked newest file, a pre-release and the version the demo's benchmarks
measured (3.1.3); FastAPI has a release whose only file is yanked; Django has an older
version than the demo knows, two newer finals and a pre-release.
"""

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"


def _file(project, version, uploaded, yanked=False, kind="wheel"):
    name = (
        f"{project}-{version}-py3-none-any.whl"
        if kind == "wheel"
        else f"{project}-{version}.tar.gz"
    )
    return {
        "filename": name,
        "url": f"https://files.example.org/{name}",
        "hashes": {"sha256": "0" * 64},
        "upload-time": uploaded,
        "yanked": "broken upload" if yanked else False,
    }


PROJECTS = {
    "flask": [
        _file("flask", "3.0.3", "2025-01-10T10:00:00.000000Z"),
        _file("flask", "3.1.0", "2025-02-01T09:30:00.000000Z"),
        _file("flask", "3.1.1", "2025-05-13T16:00:00.000000Z"),
        _file("flask", "3.1.1", "2025-05-13T16:05:00.000000Z", kind="sdist"),
        _file("flask", "3.1.2", "2025-08-19T12:00:00.000000Z"),
        _file("flask", "3.1.3", "2025-10-01T10:00:00.000000Z"),
        _file("flask", "3.2.0rc1", "2026-03-01T12:00:00.000000Z"),
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
        _file("django", "5.2.2", "2025-06-04T14:00:00.000000Z"),
        _file("django", "6.0a1", "2025-09-17T14:00:00.000000Z"),
    ],
}


def json_page(project, files=None):
    return {
        "meta": {"api-version": "1.1"},
        "name": project,
        "versions": sorted({f["filename"].split("-")[1] for f in PROJECTS[project]}),
        "files": PROJECTS[project] if files is None else files,
    }


def html_page(project):
    links = []
    for f in PROJECTS[project]:
        yanked = f' data-yanked="{f["yanked"]}"' if f["yanked"] else ""
        links.append(f'<a href="{f["url"]}#sha256={"0" * 64}"{yanked}>{f["filename"]}</a><br>')
    body = "\n".join(links)
    return (
        '<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.0">'
        f"<title>Links for {project}</title></head><body><h1>Links for {project}</h1>"
        f"{body}</body></html>"
    )
