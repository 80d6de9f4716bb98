"""The limits of a run: the ranges of its arguments and the positions a table can hold."""

from django.db.models import Max

from comparisons.models import ValueKind

MAX_FRAMEWORKS = 5000
MIN_ATTRIBUTES = len(ValueKind)  # at least one attribute of each kind
MAX_ATTRIBUTES = 1000
MAX_CELLS = 1_000_000
MAX_RELEASES_PER_FRAMEWORK = 50
MAX_RESULTS_PER_FRAMEWORK = 20
_MAX_POSITION = 32767  # PositiveSmallIntegerField


class ScaleError(ValueError):
    """An argument out of range, or a database too full for another run."""


def validate_arguments(
    frameworks: int, attributes: int, releases_per_framework: int, results_per_framework: int
) -> None:
    if not 1 <= frameworks <= MAX_FRAMEWORKS:
        raise ScaleError(f"--frameworks must be between 1 and {MAX_FRAMEWORKS}, not {frameworks}.")
    if not MIN_ATTRIBUTES <= attributes <= MAX_ATTRIBUTES:
        raise ScaleError(
            f"--attributes must be between {MIN_ATTRIBUTES} (one per value kind) and "
            f"{MAX_ATTRIBUTES}, not {attributes}."
        )
    if frameworks * attributes > MAX_CELLS:
        raise ScaleError(
            f"{frameworks} x {attributes} makes {frameworks * attributes} cells; "
            f"the limit is {MAX_CELLS}."
        )
    if not 0 <= releases_per_framework <= MAX_RELEASES_PER_FRAMEWORK:
        raise ScaleError(
            f"Releases per framework must be between 0 and {MAX_RELEASES_PER_FRAMEWORK}."
        )
    if not 0 <= results_per_framework <= MAX_RESULTS_PER_FRAMEWORK:
        raise ScaleError(
            f"Results per framework must be between 0 and {MAX_RESULTS_PER_FRAMEWORK}."
        )


def max_position(model) -> int:
    return model.objects.aggregate(last=Max("position"))["last"] or 0


def checked_position(position: int, what: str) -> int:
    if position > _MAX_POSITION:
        raise ScaleError(
            f"Too many {what}: positions would pass {_MAX_POSITION}. "
            "Delete synthetic data before adding more."
        )
    return position
