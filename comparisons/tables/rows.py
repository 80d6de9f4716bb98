"""The rows and column names of the matrix tables, laid out from a ``Matrix``: one row per
framework (the frameworks list, the compare page) or one per attribute (the transposed
compare page). Layout only: the data comes from ``comparisons.queries``."""

from comparisons.models import Attribute, Framework
from comparisons.queries.cells import KNOWN, Cell, text_cell
from comparisons.queries.matrix import Matrix, latest_version_cell


def framework_rows(frameworks: list[Framework], matrix: Matrix, facts=True) -> list[dict]:
    """Table rows, one per framework: its facts as typed cells (if ``facts``), then its cells.

    Expects frameworks from ``published_frameworks()`` (with the latest release annotated).
    """
    rows = []
    for index, framework in enumerate(frameworks):
        if not facts:
            row = {"framework": framework}
            for matrix_row in matrix.rows:
                row[attribute_column(matrix_row.attribute)] = matrix_row.cells[index]
            rows.append(row)
            continue
        latest = latest_version_cell(framework)
        row = {
            "framework": framework,
            "kind": text_cell(framework.kind),
            "first_release": Cell(
                text=str(framework.first_release_year),
                sort_key=(KNOWN, framework.first_release_year),
                number=framework.first_release_year,
            ),
            "creators": text_cell(framework.creators),
            "latest_version": latest,
            "license": text_cell(framework.license),
        }
        for matrix_row in matrix.rows:
            row[attribute_column(matrix_row.attribute)] = matrix_row.cells[index]
        rows.append(row)
    return rows


def framework_column(framework: Framework) -> str:
    """The transposed table's column of a framework (prefixed: slugs could be "category")."""
    return f"fw-{framework.slug}"


def attribute_column(attribute: Attribute) -> str:
    """The table column (and ``?sort=`` key) of an attribute: its slug."""
    return attribute.slug


def attribute_rows(matrix: Matrix) -> list[dict]:
    """The transposed table: one row per attribute, one cell per framework (keyed by slug)."""
    return [
        {
            "attribute": row.attribute,
            "category": row.attribute.category.name,
            "differs": row.differs,
            **{
                framework_column(framework): cell
                for framework, cell in zip(matrix.frameworks, row.cells, strict=True)
            },
        }
        for row in matrix.rows
    ]
