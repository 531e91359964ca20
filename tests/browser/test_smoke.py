def test_it_serves_the_home_page_with_its_own_stylesheet(new_page, live_server):
    page = new_page()
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto("/")
    assert page.title().endswith("Murmuration")
    assert failed == []
