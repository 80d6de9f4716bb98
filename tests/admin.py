"""Helpers for the editors' admin tests: its URLs."""

from django.urls import reverse


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:comparisons_{model._meta.model_name}_changelist")
