"""The log in an outage or under attack: one line per expected refusal, tracebacks for bugs."""

import logging
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from comparisons.editors import ensure_editors_group
from comparisons.views import service
from tests.accounts import sign_in_verified


@pytest.fixture
def lenient():
    return Client(raise_request_exception=False)


def _request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


def _one_line_warning(record):
    formatted = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert "\n" not in formatted
    return formatted


def test_a_404_is_one_warning_line(db, lenient, caplog):
    assert lenient.get("/frameworks/no-such-framework/").status_code == 404
    (record,) = _request_records(caplog)
    assert _one_line_warning(record) == "WARNING Not Found: /frameworks/no-such-framework/"


def test_a_403_in_the_admin_is_one_warning_line_without_its_traceback(db, lenient, caplog):
    editor = User.objects.create_user("eve", password="editor-pass-123", is_staff=True)
    editor.groups.add(ensure_editors_group())
    sign_in_verified(lenient, editor)
    assert lenient.get("/admin/auth/user/add/").status_code == 403
    (record,) = _request_records(caplog)
    assert (
        _one_line_warning(record) == "WARNING Forbidden (Permission denied): /admin/auth/user/add/"
    )


def test_an_outage_503_is_one_warning_line(db, lenient, caplog):
    error = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error):
        assert lenient.get("/frameworks/").status_code == 503
    (record,) = _request_records(caplog)
    assert _one_line_warning(record) == "WARNING Service Unavailable: /frameworks/"


def test_a_real_error_keeps_its_traceback(db, lenient, caplog):
    with mock.patch.object(service, "reverse", side_effect=RuntimeError("a bug")):
        assert lenient.get("/robots.txt").status_code == 500
    (record,) = _request_records(caplog)
    assert record.levelname == "ERROR"
    assert record.exc_info[0] is RuntimeError
