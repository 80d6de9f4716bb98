"""Admin sign-in is throttled: repeated failures lock that user out from that address."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from config.infrastructure.throttling import client_ip
from tests.accounts import password_step


@pytest.fixture
def editor(db):
    return User.objects.create_user("eve", password="right-password-1", is_staff=True)


def attempt(client, password, address="203.0.113.5", username="eve"):
    return password_step(client, username, password, REMOTE_ADDR=address)


def test_a_wrong_password_shows_the_login_form_again(editor, client):
    response = attempt(client, "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_user_out_with_a_clear_message(editor, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Too many failed sign-ins" in content
    assert "locked for 15 minutes" in content
    # Who can lift it, and how: the command works (editors cannot do it themselves).
    assert "another editor" not in content
    assert "Only an administrator" in content
    assert f"manage.py axes_reset_username {editor.username}" in content
    # Even the right password is refused while the lock lasts.
    assert attempt(client, "right-password-1").status_code == 429
    call_command("axes_reset_username", editor.username, stdout=StringIO())
    assert attempt(client, "right-password-1").status_code == 302


def test_the_lock_is_per_user_and_address(editor, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, "right-password-1", address="198.51.100.7").status_code == 302


def test_a_success_before_the_limit_resets_the_count(editor, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "right-password-1").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200


class _Request:
    def __init__(self, remote, forwarded=""):
        self.META = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no trusted proxy: the header is the client's word
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a spoofed first hop is ignored
        (2, "203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "10.0.0.9", "10.0.0.1"),  # fewer hops than proxies: fall back
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_Request("10.0.0.1", forwarded)) == expected
