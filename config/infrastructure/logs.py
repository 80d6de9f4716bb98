"""Logging helpers for config/settings.py's LOGGING."""

import logging


class OneLineWarning(logging.Filter):
    """Turn a record into a one-line warning: level WARNING, no traceback."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True


# Answers the site gives on purpose: no access (403), no such page (404), and the outage
# page (503) while the database is unreachable or every render slot is taken.
EXPECTED_REFUSALS = frozenset({403, 404, 503})


class ExpectedRefusalsOnOneLine(OneLineWarning):
    """django.request: an expected refusal is one warning line; a 500 keeps its traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) in EXPECTED_REFUSALS:
            return super().filter(record)
        return True
