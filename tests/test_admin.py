"""Every model can be edited in the admin: list, add and change pages render."""

import pytest
from django.contrib import admin
from django.urls import reverse

from comparisons.models import Release


@pytest.fixture
def admin_client_with_demo(demo, admin_client):
    return admin_client


@pytest.mark.parametrize(
    "model", [model for model in admin.site._registry if model._meta.app_label == "comparisons"]
)
def test_admin_pages_render_for_every_model(admin_client_with_demo, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_with_demo.get(changelist).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert admin_client_with_demo.get(add).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client_with_demo.get(change).status_code == 200


def test_every_comparison_model_is_registered():
    from django.apps import apps

    registered = set(admin.site._registry)
    assert set(apps.get_app_config("comparisons").get_models()) <= registered


def test_admin_refuses_an_invalid_version_with_a_clear_message(admin_client_with_demo):
    release = Release.objects.get(framework__slug="flask")
    url = reverse("admin:comparisons_release_change", args=[release.pk])
    response = admin_client_with_demo.post(
        url, {"framework": release.framework_id, "version": "three point one", "source_url": ""}
    )
    assert response.status_code == 200
    assert "is not a valid PEP 440 version" in response.content.decode()
    release.refresh_from_db()
    assert release.version == "3.1.0"


def test_admin_saves_a_new_release_that_becomes_the_latest(admin_client_with_demo, client):
    release = Release.objects.get(framework__slug="flask")
    url = reverse("admin:comparisons_release_add")
    response = admin_client_with_demo.post(
        url, {"framework": release.framework_id, "version": "3.10.0", "released_on": "2026-11-01"}
    )
    assert response.status_code == 302
    assert "3.10.0" in client.get("/frameworks/flask/").content.decode()
