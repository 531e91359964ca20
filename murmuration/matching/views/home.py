"""The home page's rounds panel: rounds open to the person, and pods they were just placed in.

The home view knows nothing of rounds: this fragment is fetched once the page has loaded.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from murmuration.communities.views.helpers import Request, signed_in

from .. import queries

# The panel shows the soonest deadlines; the community's rounds page lists them all.
SHOWN = 10


@login_required
@require_GET
def my_rounds(request: Request) -> HttpResponse:
    me = signed_in(request)
    rounds = list(queries.open_to(me).order_by("opt_in_deadline", "pk")[:SHOWN])
    context = {"open_rounds": rounds, "pods": queries.recent_pods(me)}
    return TemplateResponse(request, "matching/_home_rounds.html", context)
