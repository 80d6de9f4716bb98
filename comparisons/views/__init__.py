"""Public pages, one module per page family. Views stay thin: ``comparisons.queries`` reads the
data and ``comparisons.tables`` lays out the tables."""
