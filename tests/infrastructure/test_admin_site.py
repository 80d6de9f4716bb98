"""Editors sign in with a password and a code from an authenticator app (TOTP).

Through the real sign-in: the admin sends editors to django-two-factor-auth's pages.
"""

import base64
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from comparisons.editors import ensure_editors_group
from tests.accounts import code_now, code_step, password_step, second_factor, sign_in_verified

PASSWORD = "editor-pass-1234"


@pytest.fixture
def eve(db):
    user = User.objects.create_user("eve", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


def _opens_the_admin(client):
    return client.get("/admin/").status_code == 200


def test_the_admin_sends_sign_ins_to_the_two_step_sign_in(db, client):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get(response["Location"])
    assert response["Location"] == "/account/login/?next=/admin/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="auth-password"' in page.content.decode()


def test_an_editor_signs_in_with_the_password_then_a_code(eve, client):
    device = second_factor(eve)
    response = password_step(client, "eve", PASSWORD)
    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.content.decode()
    assert not _opens_the_admin(client)  # the password alone signs nobody in

    response = code_step(client, code_now(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _opens_the_admin(client)


def test_a_wrong_code_is_refused(eve, client):
    device = second_factor(eve)
    password_step(client, "eve", PASSWORD)
    wrong = f"{(int(code_now(device)) + 1) % 1_000_000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 200
    assert "Invalid token" in response.content.decode()
    assert not _opens_the_admin(client)


def test_a_code_works_once(eve, client):
    device = second_factor(eve)
    code = code_now(device)
    password_step(client, "eve", PASSWORD)
    assert code_step(client, code).status_code == 302
    again = Client()
    password_step(again, "eve", PASSWORD)
    assert code_step(again, code).status_code == 200  # replayed: refused
    assert not _opens_the_admin(again)


def test_a_password_only_session_opens_no_admin_page(eve, client):
    """Signed in without a second factor (none set up yet): no admin page, not even a POST."""
    client.force_login(eve)
    for url in ("/admin/", "/admin/comparisons/framework/"):
        assert client.get(url).status_code == 302
    assert client.post("/admin/markdown-preview/", {"text": "**x**"}).status_code == 302


def _setup_secret(page):
    return re.search(r"secret=([A-Z2-7]+)", page).group(1)


def test_the_first_sign_in_sets_up_the_app_and_recovery_codes(eve, client):
    response = password_step(client, "eve", PASSWORD)
    assert response.status_code == 302  # no second factor yet: signed in with the password
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/two_factor/setup/"

    page = client.post("/account/two_factor/setup/", {"setup_view-current_step": "welcome"})
    page = page.content.decode()
    assert "/account/two_factor/qrcode/" in page
    key = base64.b32decode(_setup_secret(page))
    response = client.post(
        "/account/two_factor/setup/",
        {"setup_view-current_step": "generator", "generator-token": f"{totp(key):06d}"},
    )
    assert response["Location"] == "/account/two_factor/setup/complete/"
    assert TOTPDevice.objects.get(user=eve).confirmed
    assert _opens_the_admin(client)

    page = client.post("/account/two_factor/backup/tokens/", follow=True).content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10

    # A lost phone: a recovery code signs in once instead of the app's code.
    later = Client()
    password_step(later, "eve", PASSWORD)
    later.post("/account/login/?next=/admin/", {"wizard_goto_step": "backup"})
    response = later.post(
        "/account/login/?next=/admin/",
        {"login_view-current_step": "backup", "backup-otp_token": codes[0]},
    )
    assert response["Location"] == "/admin/"
    assert _opens_the_admin(later)
    assert StaticDevice.objects.get(user=eve).token_set.count() == 9


def test_an_administrator_resets_a_lost_factor_from_the_command_line(eve, client):
    second_factor(eve)
    call_command("two_factor_disable", "eve", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=eve).exists()
    password_step(client, "eve", PASSWORD)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/two_factor/setup/"


def test_with_the_second_factor_optional_a_password_opens_the_admin(eve, client, settings):
    """DEBUG's default (make run): editors may set one up, and then it is asked for."""
    settings.TWO_FACTOR_REQUIRED = False
    password_step(client, "eve", PASSWORD)
    assert _opens_the_admin(client)

    device = second_factor(eve)
    later = Client()
    assert password_step(later, "eve", PASSWORD).status_code == 200  # the code's page
    code_step(later, code_now(device))
    assert _opens_the_admin(later)


def test_sign_in_pages_are_never_stored_or_indexed(db, client):
    response = client.get("/account/login/")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "Disallow: /account/" in client.get("/robots.txt").content.decode()


def test_the_admin_links_the_editors_second_factor_page(eve, client):
    sign_in_verified(client, eve)
    content = client.get("/admin/").content.decode()
    assert '<a href="/account/two_factor/">Second factor and recovery codes</a>' in content
    page = client.get("/account/two_factor/").content.decode()
    assert "/account/two_factor/backup/tokens/" in page
