"""django-tables2 tables. ``base``: the accessible table every page uses; ``matrix``: the
frameworks x attributes tables, laid out by ``rows``; ``benchmarks``: the benchmark results."""
