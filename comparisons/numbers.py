from decimal import Decimal


def format_number(value: Decimal | int | float | None) -> str:
    """Format a measurement without trailing zeros: 20.0000 -> “20”, 2.5000 -> “2.5”."""
    if value is None:
        return ""
    # Through str() so a float gives its shortest repr (0.1), not its binary expansion.
    number = Decimal(str(value)).normalize()
    # normalize() writes 100 as 1E+2; quantize back to a plain integer.
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return f"{number:,f}" if abs(number) >= 10000 else f"{number:f}"
