"""Figures as the site writes and exports them: no trailing zeros, ranges as “low–high unit”."""

from decimal import Decimal


def without_trailing_zeros(value: Decimal | int | float) -> Decimal:
    """20.0000 -> 20, 2.5000 -> 2.5, as a plain (never exponent) Decimal."""
    # Through str() so a float gives its shortest repr (0.1), not its binary expansion.
    number = Decimal(str(value)).normalize()
    # normalize() writes 100 as 1E+2; quantize back to a plain integer.
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number


def format_number(value: Decimal | int | float | None) -> str:
    """Format a measurement without trailing zeros: 20.0000 -> “20”, 2.5000 -> “2.5”."""
    if value is None:
        return ""
    number = without_trailing_zeros(value)
    return f"{number:,f}" if abs(number) >= 10000 else f"{number:f}"


def figures_text(low, high, unit: str) -> str:
    """“20–50 ms”, or “12 ms” for a single figure."""
    figures = format_number(low)
    if high is not None and high != low:
        figures = f"{figures}–{format_number(high)}"
    return f"{figures} {unit}".strip()


def plain_number(value: Decimal | int | None) -> int | float | None:
    """A Decimal as an int or float, so exports hold numbers (JSON would quote a Decimal)."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)
