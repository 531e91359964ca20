"""The /api/v1/ layer: one NinjaAPI with a router per domain.

Every endpoint needs a personal token (`Authorization: Bearer …`) or the browser's login
session; the routers call the same permission functions and actions as the web pages, and the
errors those raise become JSON `{"detail": …, "field": …}` with the error's status.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from murmuration.accounts import api as accounts_api
from murmuration.communities import api as communities_api
from murmuration.cycles import api as cycles_api
from murmuration.decisions.api.proposals import router as proposals_router
from murmuration.decisions.api.roles import router as roles_router
from murmuration.errors import ActionError
from murmuration.matching.api.rounds import router as rounds_router
from murmuration.pulse.api import router as pulse_router
from murmuration.rhythms.api.practices import router as practices_router
from murmuration.rhythms.api.rhythms import router as rhythms_router
from murmuration.rhythms.api.sessions import router as sessions_router
from murmuration.sensing.api import router as sensing_router

api = NinjaAPI(
    title="Murmuration API",
    version="1",
    description=(
        "Send a personal API token as `Authorization: Bearer <token>`, or call from a "
        'logged-in browser with the CSRF token. Errors are `{"detail": message, "field": '
        "name or null}`. Lists take `limit` (at most 200) and `offset`."
    ),
    urls_namespace="api",
    auth=accounts_api.AUTH,
    # The interactive docs are served at /api/docs by `api_docs` below.
    docs_url=None,
    # Swagger UI otherwise loads a validity badge from validator.swagger.io; every asset must
    # come from this server.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, error: ActionError) -> HttpResponse:
    return api.create_response(
        request, {"detail": error.message, "field": error.field}, status=error.status
    )


api.add_router("", accounts_api.router)
api.add_router("", communities_api.router)
api.add_router("", practices_router)
api.add_router("", rhythms_router)
api.add_router("", sessions_router)
api.add_router("", rounds_router)
api.add_router("", proposals_router)
api.add_router("", roles_router)
api.add_router("", cycles_api.commitments_router)
api.add_router("", cycles_api.retros_router)
api.add_router("", cycles_api.growth_router)
api.add_router("", pulse_router)
api.add_router("", sensing_router)


def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI for /api/v1/openapi.json, from the copy ninja ships in its static files."""
    return api.docs.render_page(request, api)
