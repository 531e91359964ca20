"""The live runner: the page a group keeps open during a session.

Everyone in the meeting sees the same step because the step panel asks the server every second
whether the session moved on. The request carries the state the page shows; while nothing
changed the answer is an empty 204, which htmx leaves alone, so focus and scroll stay put and a
poll costs a handful of fixed queries. When the state differs the new panel replaces the old.
The check-in and notes lists are polled the same way, a little less often.

The buttons send the step the page was showing (`expected_step`), so two people pressing "Next"
at once move the session on by one step, not two.

Only the group's members run a session: the runner shows check-ins and notes, which are private
to them, so anyone else is refused, a community host included.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    not_found,
    shows_refusals,
    signed_in,
)
from murmuration.errors import ActionError

from .. import actions
from .. import permissions as perms
from ..forms import CheckInForm, NoteForm
from ..models import CheckIn, Session, SessionNote
from .sessions import list_state, load_schedule, posted_number, timed

PAGE = "rhythms/runner.html"


def _load(
    request: Request, slug: str, group_slug: str, session_id: int
) -> tuple[Viewer, Group, dict[int, Group], Session]:
    _community, viewer, group, groups = load_schedule(request, slug, group_slug)
    if not perms.can_read_private(viewer, group):
        raise Refused(_("Only the group's members can run its sessions."))
    session = (
        Session.objects.select_related(
            "rhythm", "group", "group__community", "practice", "facilitator"
        )
        .filter(pk=session_id, group=group)
        .first()
    )
    if session is None:
        raise not_found()
    return viewer, group, groups, session


def step_state(session: Session) -> str:
    """What the step panel shows, in a few characters: step, when it began, finished or not."""
    began = int(session.step_started_at.timestamp()) if session.step_started_at else 0
    done = "f" if session.finished_at else ("c" if session.is_cancelled else "r")
    return f"{session.current_step if session.current_step is not None else '-'}.{began}.{done}"


def _step_context(session: Session) -> dict[str, Any]:
    steps = list(session.practice.steps) if session.practice else []
    index = session.current_step
    step = steps[index] if index is not None and 0 <= index < len(steps) else None
    given = session.roles or {}
    holder_ids = {pk for pk in given.values() if isinstance(pk, int)}
    people = {u.pk: u for u in User.objects.filter(pk__in=holder_ids)} if holder_ids else {}
    # Every role of the practice, with whoever holds it; a role nobody was given (one that
    # does not rotate, or a small group) is agreed in the room.
    practice_roles = session.practice.roles if session.practice else []
    roles = [
        {
            "name": str(role.get("name", "")),
            "person": people.get(given.get(str(role.get("name", "")), 0) or 0),
            "description": role.get("description", ""),
        }
        for role in practice_roles
    ]
    holder = None
    if step and step.get("role"):
        holder = next((r["person"] for r in roles if r["name"] == step["role"]), None)
    return {
        "session": session,
        "steps": steps,
        "step": step,
        "index": index,
        "is_last": index is not None and index == len(steps) - 1,
        "holder": holder,
        "roles": roles,
        "state": step_state(session),
        "now": timezone.now(),
    }


def _checkins(session: Session) -> list[CheckIn]:
    return list(session.checkins.select_related("user"))


def _notes(session: Session) -> list[SessionNote]:
    return list(session.notes.select_related("author"))


def _context(viewer: Viewer, group: Group, session: Session, **extra: Any) -> dict[str, Any]:
    return {
        "community": viewer.community,
        "viewer": viewer,
        "group": group,
        "rhythm": session.rhythm,
        **_step_context(session),
        **extra,
    }


def _page(
    request: Request,
    viewer: Viewer,
    group: Group,
    groups: dict[int, Group],
    session: Session,
    *,
    status: int = 200,
    **extra: Any,
) -> TemplateResponse:
    checkins, notes = _checkins(session), _notes(session)
    mine = next((c for c in checkins if c.user_id == viewer.user.pk), None)
    context = _context(
        viewer,
        group,
        session,
        breadcrumb=[*ancestors(group, groups), group],
        when=timed(session),
        checkins=checkins,
        checkins_state=list_state(checkins),
        checkin_form=CheckInForm(
            initial={"word": mine.word, "rating": mine.rating} if mine else None
        ),
        notes=notes,
        notes_state=list_state(notes),
        note_form=NoteForm(),
        next="run",
        poll=True,
    )
    context.update(extra)
    return TemplateResponse(request, PAGE, context, status=status)


@login_required
@require_GET
@shows_refusals
def runner(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    viewer, group, groups, session = _load(request, slug, group_slug, session_id)
    return _page(request, viewer, group, groups, session)


@login_required
@require_GET
@shows_refusals
def step(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    """The step panel, or 204 when it still shows what the page has (`?state=`)."""
    viewer, group, _groups, session = _load(request, slug, group_slug, session_id)
    if request.GET.get("state") == step_state(session):
        return HttpResponse(status=204)
    return TemplateResponse(request, f"{PAGE}#step-panel", _context(viewer, group, session))


@login_required
@require_GET
@shows_refusals
def shared(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    """The check-in or notes list (`?part=`), or 204 when it has not changed since `?state=`."""
    viewer, group, _groups, session = _load(request, slug, group_slug, session_id)
    part = request.GET.get("part")
    if part == "checkins":
        rows: list[Any] = _checkins(session)
        template, key = "rhythms/_checkins.html#list", "checkins"
    elif part == "notes":
        rows = _notes(session)
        template, key = "rhythms/_notes.html#list", "notes"
    else:
        raise not_found()
    state = list_state(rows)
    if request.GET.get("state") == state:
        return HttpResponse(status=204)
    context = {
        "community": viewer.community,
        "group": group,
        "session": session,
        key: rows,
        f"{key}_state": state,
        "poll": True,
    }
    return TemplateResponse(request, template, context)


def _moved(
    request: Request, slug: str, group_slug: str, session_id: int, change: Any
) -> HttpResponse:
    """Run a runner action; answer with the step panel for htmx, else go back to the runner.

    A refusal (someone else moved on already, the session was cancelled) is shown in the panel,
    with the session as it now is, and the action's status.
    """
    viewer, group, groups, session = _load(request, slug, group_slug, session_id)
    status, error = 200, ""
    try:
        session = change(signed_in(request), session)
    except ActionError as failure:
        status, error = failure.status, failure.message
        session.refresh_from_db()
    if request.htmx:
        context = _context(viewer, group, session, error=error)
        return TemplateResponse(request, f"{PAGE}#step-panel", context, status=status)
    if error:
        return _page(request, viewer, group, groups, session, status=status, error=error)
    return redirect("rhythms:runner", slug, group_slug, session_id)


@login_required
@require_POST
@shows_refusals
def start(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    return _moved(request, slug, group_slug, session_id, actions.start_session)


@login_required
@require_POST
@shows_refusals
def go(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    index = posted_number(request.POST.get("index"), signed=True)
    sent = request.POST.get("expected_step", "")
    # A step the page cannot have shown matches none, so the move is refused as stale.
    expected = posted_number(sent, signed=True) if sent else None
    if sent and expected is None:
        expected = -1

    def change(user: User, session: Session) -> Session:
        if index is None:
            raise ActionError(_("Choose a step."), field="index")
        return actions.go_to_step(user, session, index, expected_step=expected)

    return _moved(request, slug, group_slug, session_id, change)


@login_required
@require_POST
@shows_refusals
def finish(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    return _moved(request, slug, group_slug, session_id, actions.finish_session)


@login_required
@require_POST
@shows_refusals
def check_in(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    viewer, group, groups, session = _load(request, slug, group_slug, session_id)
    form = CheckInForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.check_in(
                signed_in(request), session, form.cleaned_data["word"], form.cleaned_data["rating"]
            )
        except ActionError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            status = error.status
        else:
            status = 200
    if not request.htmx:
        if status == 200:
            messages.success(request, _("You checked in."))
            return redirect("rhythms:runner", slug, group_slug, session_id)
        return _page(request, viewer, group, groups, session, status=status, checkin_form=form)
    checkins = _checkins(session)
    context = {
        "community": viewer.community,
        "group": group,
        "session": session,
        "checkins": checkins,
        "checkins_state": list_state(checkins),
        "checkin_form": form,
        "checked_in": status == 200,
        "poll": True,
    }
    return TemplateResponse(request, "rhythms/_checkins.html", context, status=status)
