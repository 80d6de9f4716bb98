"""schema.org JSON-LD for search engines: breadcrumbs on every page, each framework as a
``SoftwareApplication`` and each article as an ``Article``, from data the page already has."""

from django.conf import settings


def breadcrumbs(request, trail):
    """``BreadcrumbList`` of ``trail``: [(name, path)], the home page first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def software_application(framework, url):
    """A framework as ``SoftwareApplication``: its latest version and that release's day."""
    data = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication",
        "name": framework.name,
        "url": url,
        "applicationCategory": "DeveloperApplication",
        "applicationSubCategory": "Python web framework",
        "operatingSystem": "Any (Python)",
        "description": framework.summary,
    }
    if getattr(framework, "latest_version", None):
        data["softwareVersion"] = framework.latest_version
        day = framework.latest_released_on or framework.latest_uploaded_on
        if day:
            data["dateModified"] = day.isoformat()
    if framework.license:
        data["license"] = framework.license
    same_as = [link for link in (framework.homepage_url, framework.repository_url) if link]
    if same_as:
        data["sameAs"] = same_as
    return data


def article(article, url):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.description,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    modified = article.updated_on or article.published_on
    if modified:
        data["dateModified"] = modified.isoformat()
    return data
