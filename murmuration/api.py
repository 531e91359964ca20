"""The /api/v1/ layer: one NinjaAPI with a router per domain."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

api = NinjaAPI(title="Murmuration API", version="1", urls_namespace="api", docs_url=None)


def api_docs(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
