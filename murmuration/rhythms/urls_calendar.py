"""Calendar addresses. Mounted at the site root, since they sit beside several other apps' pages."""

from django.urls import path

from .views import calendar_feeds

app_name = "calendar"

urlpatterns = [
    # Tokens come from secrets.token_urlsafe, whose alphabet the slug converter accepts.
    path("cal/<slug:token>.ics", calendar_feeds.feed, name="feed"),
    path(
        "c/<slug:slug>/g/<slug:group_slug>/sessions/<int:session_id>.ics",
        calendar_feeds.session_ics,
        name="session_ics",
    ),
    path("me/calendar/", calendar_feeds.manage, name="manage"),
    path("me/calendar/new/", calendar_feeds.create, name="create"),
    path("me/calendar/<int:feed_id>/revoke/", calendar_feeds.revoke, name="revoke"),
]
