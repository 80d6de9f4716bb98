"""The editors' admin: a second factor before any change, set up at the first sign-in."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from two_factor.utils import default_device


class EditorsAdminSite(admin.AdminSite):
    site_header = "Framework comparisons: editors"
    site_title = "Editors"
    index_title = "Keep the comparison data current"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not settings.TWO_FACTOR_REQUIRED

    def login(self, request, extra_context=None):
        """Sign-in is django-two-factor-auth's: the password, then a code from the app.

        A staff member signed in with a password only, where a second factor is
        required, has none yet: they set it up now, and the admin opens once it works.
        """
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index")
        if self.has_permission(request):
            return redirect(next_url)
        user = request.user
        if settings.TWO_FACTOR_REQUIRED and user.is_staff and default_device(user) is None:
            return redirect("two_factor:setup")
        return redirect_to_login(next_url)
