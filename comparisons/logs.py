"""Logging helpers for config/settings.py's LOGGING."""

import logging


class OneLineWarning(logging.Filter):
    """Turn a record into a one-line warning: level WARNING, no traceback."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
