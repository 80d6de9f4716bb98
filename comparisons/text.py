"""Multi-line text is stored with LF line ends, however it arrived."""

from django.db import models


def normalise_newlines(text):
    """CRLF and lone CR as LF: browsers send textareas with CRLF, and files may hold either."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def normalise_text_fields(sender, instance, **kwargs):
    """pre_save receiver (apps.py): also for ``loaddata``, whose raw saves skip forms.

    So that a fixture written on Windows, or text pasted through a script, compares
    equal to the same text typed in the admin, and an untouched save records nothing.
    """
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, normalise_newlines(value))
