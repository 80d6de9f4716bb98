"""Public pages, one module per page family. Views stay thin: ``queries.py`` builds the data."""
