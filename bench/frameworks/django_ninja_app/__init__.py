"""The Django Ninja app measured by ``manage.py run_benchmarks``: a single-settings Django
project whose views are a NinjaAPI."""
