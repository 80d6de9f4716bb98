"""Editors signed in with a second factor, as the sign-in pages leave them."""

import re

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/account/login/"


def second_factor(user) -> TOTPDevice:
    """The user's authenticator app, made if they have none yet."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def sign_in_verified(client, user):
    """``client`` signed in as ``user``, second factor included (a shortcut for admin tests)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor(user).persistent_id
    session.save()
    return client


def code_now(device) -> str:
    """The code the authenticator app shows at this moment."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def password_step(client, username, password, next_url="/admin/", **extra):
    return client.post(
        f"{LOGIN}?next={next_url}",
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        **extra,
    )


def code_step(client, code, next_url="/admin/"):
    return client.post(
        f"{LOGIN}?next={next_url}",
        {"login_view-current_step": "token", "token-otp_token": code},
    )


def secret_on_page(content: str) -> str:
    """The base32 secret the set-up page shows for typing into an app by hand."""
    return re.search(r"secret=([A-Z2-7]+)", content).group(1)


def sign_in_in_browser(page, site, user, password):
    """Through the admin's sign-in, as an editor does it: the password, then the app's code."""
    device = second_factor(user)
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Token").fill(code_now(device))
    page.get_by_role("button", name="Next").click()
