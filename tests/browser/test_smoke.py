def test_the_article_renders_in_a_real_browser(page, site):
    page.goto(site + "/articles/flask-vs-fastapi-vs-django/")
    assert page.title().startswith("Flask vs FastAPI vs Django")
    assert page.locator("#key-features table tbody tr").count() == 10
