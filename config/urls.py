from django.contrib import admin
from django.urls import include, path

from comparisons.views.pages import healthz

admin.site.site_header = "Framework comparisons: editors"
admin.site.site_title = "Editors"
admin.site.index_title = "Keep the comparison data current"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("comparisons.urls")),
]
