from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urls

from comparisons.admin.preview import markdown_preview
from comparisons.sitemaps import SITEMAPS
from comparisons.views.service import robots_txt
from config.infrastructure.health import healthz

urlpatterns = [
    path(
        "admin/markdown-preview/",
        admin.site.admin_view(markdown_preview),
        name="markdown-preview",
    ),
    path("admin/", admin.site.urls),
    # Editors sign in, set up and recover their second factor here (django-two-factor-auth).
    path("", include(two_factor_urls)),
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
