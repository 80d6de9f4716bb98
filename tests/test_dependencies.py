"""The layout's one rule: infrastructure (config/infrastructure/) and tooling (bench/) use the
comparison domain (comparisons/); the domain imports neither, nor the tests."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package):
    """Every module named by an import statement in ``package``, with the file that names it."""
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                yield path.relative_to(ROOT), name


def reaches_into(name, forbidden):
    return any(name == prefix or name.startswith(prefix + ".") for prefix in forbidden)


@pytest.mark.parametrize(
    "package, forbidden",
    [
        ("comparisons", ("bench", "config", "tests")),
        ("config/infrastructure", ("bench", "tests")),
    ],
)
def test_imports_go_one_way(package, forbidden):
    offending = [
        f"{path} imports {name}"
        for path, name in imported_modules(package)
        if reaches_into(name, forbidden)
    ]
    assert offending == []


def test_the_check_sees_imports():
    found = {name for _, name in imported_modules("bench")}
    assert any(reaches_into(name, ("comparisons",)) for name in found)
