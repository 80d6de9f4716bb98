"""django-tables2 tables, one module per table family: ``matrix`` (frameworks x attributes:
the frameworks list and the compare page) and ``benchmarks`` (the benchmark results)."""
