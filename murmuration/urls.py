from django.contrib import admin
from django.urls import include, path

from .api import api, api_docs

urlpatterns = [
    path("", include("murmuration.communities.urls")),
    path("", include("murmuration.rhythms.urls")),
    path("", include("murmuration.rhythms.urls_calendar")),
    path("", include("murmuration.matching.urls")),
    path("", include("murmuration.decisions.urls")),
    path("", include("murmuration.cycles.urls")),
    path("", include("murmuration.pulse.urls")),
    path("", include("murmuration.sensing.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("murmuration.accounts.urls")),
    path("api/v1/", api.urls),
    path("api/docs", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]
