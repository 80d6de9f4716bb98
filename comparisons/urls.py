from django.urls import path

from .views import frameworks, pages

app_name = "comparisons"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("articles/", pages.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", pages.ArticleDetailView.as_view(), name="article-detail"),
    path("frameworks/", frameworks.FrameworkListView.as_view(), name="framework-list"),
    path("frameworks/<slug:slug>/", pages.FrameworkDetailView.as_view(), name="framework-detail"),
]
