"""The Django app measured by ``manage.py run_benchmarks``: a minimal single-settings project."""
