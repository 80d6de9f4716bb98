from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from comparisons.admin.preview import markdown_preview
from comparisons.sitemaps import SITEMAPS
from comparisons.views.service import healthz, robots_txt

admin.site.site_header = "Framework comparisons: editors"
admin.site.site_title = "Editors"
admin.site.index_title = "Keep the comparison data current"

urlpatterns = [
    path("admin/markdown-preview/", markdown_preview, name="markdown-preview"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include("comparisons.urls")),
]

# The site's own error pages; a database outage answers 503 rather than 500.
handler500 = "comparisons.views.errors.server_error"
