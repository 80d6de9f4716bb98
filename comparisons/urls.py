from django.urls import path, re_path

from .feeds import ChangesFeed, ReleasesFeed
from .views import (
    about,
    articles,
    benchmarks,
    changes,
    choose,
    compare,
    frameworks,
    home,
    releases,
    service,
    share,
)

app_name = "comparisons"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("about/", about.AboutView.as_view(), name="about"),
    path("favicon.ico", service.FaviconView.as_view(), name="favicon"),
    path("articles/", articles.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", articles.ArticleDetailView.as_view(), name="article-detail"),
    path("compare/", compare.CompareView.as_view(), name="compare"),
    re_path(
        r"^compare/(?P<slugs>[-\w]+-vs-[-\w]+)/$",
        compare.CompareView.as_view(),
        name="compare-permalink",
    ),
    path("choose/", choose.ChooseView.as_view(), name="choose"),
    path("benchmarks/", benchmarks.BenchmarkListView.as_view(), name="benchmark-list"),
    path("frameworks/", frameworks.FrameworkListView.as_view(), name="framework-list"),
    path(
        "frameworks/<slug:slug>/", frameworks.FrameworkDetailView.as_view(), name="framework-detail"
    ),
    path("frameworks/<slug:slug>/releases/feed/", ReleasesFeed(), name="release-feed"),
    path("releases/support.ics", releases.SupportCalendarView.as_view(), name="support-calendar"),
    path("methodology/", about.MethodologyView.as_view(), name="methodology"),
    path("changes/", changes.ChangeListView.as_view(), name="change-list"),
    path("changes/feed/", ChangesFeed(), name="change-feed"),
    # Each page's share image, at its own path under /share/ (views/share.py).
    path("share/<slug:name>.png", share.page_image, name="share-page"),
    path("share/frameworks/<slug:slug>.png", share.framework_image, name="share-framework"),
    re_path(
        r"^share/compare/(?P<slugs>[-\w]+-vs-[-\w]+)\.png$",
        share.comparison_image,
        name="share-comparison",
    ),
    path("share/articles/<slug:slug>.png", share.article_image, name="share-article"),
]
