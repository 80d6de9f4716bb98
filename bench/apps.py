from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Tooling, apart from the product: it uses the comparison domain, never the reverse."""

    name = "bench"
    verbose_name = "Benchmarks and synthetic data"
