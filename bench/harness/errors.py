"""The harness's error."""


class HarnessError(Exception):
    """A run that cannot go on: a server that does not start or answers wrongly, wrk failing."""
