"""Every model has an admin; its list, search and change pages work for the administrator."""
import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.urls import reverse

PROJECT_APPS = ("accounts", "reports", "performance")


def test_every_project_model_is_registered():
    models = [m for m in django_apps.get_models() if m._meta.app_label in PROJECT_APPS]
    missing = [m.__name__ for m in models if m not in admin.site._registry
               and not any(m is getattr(inline, "model", None) for ma in admin.site._registry.values()
                           for inline in ma.inlines)]
    assert missing == []


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS],
                         ids=lambda m: m.__name__)
def test_admin_pages_render(client, demo_report, model):
    client.login(username="guanli", password="guanli-2021-demo")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "沁阳"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code == 200
