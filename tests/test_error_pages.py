"""Site-wide error pages: 404 and 403 in the site layout, and a 500 page that needs nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.views.defaults import server_error

from murmuration.urls import urlpatterns as site_urlpatterns
from tests.conftest import PERSONAS

# A test URLconf (this module): the site's own URLs, plus views that fail on purpose.
SECRET_REASON = "the Secret Garden is private"


def not_found_with_a_reason(request: HttpRequest) -> HttpResponse:
    raise Http404(SECRET_REASON)


def refused_with_a_reason(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET_REASON)


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_REASON)


urlpatterns = [
    path("test/not-found/", not_found_with_a_reason),
    path("test/refused/", refused_with_a_reason),
    path("test/broken/", broken),
    *site_urlpatterns,
]
handler500 = "django.views.defaults.server_error"


@pytest.fixture(autouse=True)
def _test_urls(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False


# 404 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_404_in_the_site_layout(world, persona):
    response = world.client_for(persona).get("/c/no-such-place/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in content
    assert '<header class="site">' in content
    assert "/static/murmuration/site.css" in content
    if persona != "anonymous":
        assert world.user_for(persona).name in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_says_nothing_about_what_was_asked_for(world, persona):
    client = world.client_for(persona)
    one = client.get("/c/no-such-place/")
    other = client.get("/there/is/no/such/page/?q=anything")
    reasoned = client.get("/test/not-found/")
    assert one.status_code == other.status_code == reasoned.status_code == 404
    assert one.content == other.content == reasoned.content
    for asked in ("no-such-place", "/there/is/no/such/page/", "anything", SECRET_REASON):
        assert asked not in one.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_answers_every_404_with_the_same_bytes_however_often_asked(world, persona):
    # A CSRF token is different on every response; a 404 must not carry one.
    client = world.client_for(persona)
    first = client.get(f"/c/{world.community.slug}/g/secret-garden/")
    again = client.get(f"/c/{world.community.slug}/g/secret-garden/")
    assert first.status_code == 404
    assert first.content == again.content
    assert b"csrf" not in first.content.lower()


# 403 ----------------------------------------------------------------------------------------


def test_it_shows_a_403_in_the_site_layout_without_the_reason(world):
    response = world.client_for("member").get("/test/refused/")
    content = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in content
    assert '<header class="site">' in content
    assert SECRET_REASON not in content


# 500 ----------------------------------------------------------------------------------------


def test_it_shows_the_500_page_when_a_view_fails(db):
    client = Client()
    client.raise_request_exception = False
    response = client.get("/test/broken/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in content
    assert "/static/murmuration/site.css" in content
    assert SECRET_REASON not in content
    assert "RuntimeError" not in content


def test_it_renders_the_500_page_without_the_database_or_context_processors():
    # No `db` fixture: pytest-django fails any query. The request has no user, no session
    # and no messages, which context processors would need.
    response = server_error(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in content
    assert '<link rel="stylesheet" href="/static/murmuration/site.css">' in content
