"""The Pyramid app measured by ``manage.py run_benchmarks`` (a package: pyramid_jinja2 finds
its templates by asset spec)."""
