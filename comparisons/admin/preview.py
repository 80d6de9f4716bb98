"""What an edit shows readers before it is saved: Markdown rendered, and the pages it touches."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from comparisons.markdown import render_markdown
from comparisons.models import Article, ArticleSection, Framework

PREVIEW_LIMIT = 100_000  # characters: far above any field's text


@require_POST
def markdown_preview(request):
    """The posted text as readers will see it: the one renderer, so never out of step."""
    text = request.POST.get("text", "")[:PREVIEW_LIMIT]
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")


def pages_touched(obj) -> list[tuple[str, str]]:
    """[(label, path)] of the published pages a change to ``obj`` shows on (besides the
    lists and comparisons every framework is in)."""
    framework = obj if isinstance(obj, Framework) else getattr(obj, "framework", None)
    article = obj if isinstance(obj, Article) else getattr(obj, "article", None)
    if isinstance(obj, ArticleSection):
        article = obj.article
    pages = []
    if framework is not None and framework.pk and framework.is_published:
        pages.append((f"{framework.name}'s page", framework.get_absolute_url()))
        pages.append(("The frameworks table and every comparison naming it", "/frameworks/"))
        for named in framework.articles.published():
            pages.append((f"The article “{named.title}”", named.get_absolute_url()))
    if article is not None and article.pk and article.is_published:
        pages.append((f"The article “{article.title}”", article.get_absolute_url()))
    return list(dict.fromkeys(pages))
