"""comparisons/views/service.py: /robots.txt and /favicon.ico, the answers for machines."""


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_pages_link_a_favicon_and_favicon_ico_is_not_a_404(db, client):
    content = client.get("/about/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"
