"""The page of one session: its time, facilitator, practice, RSVPs, attendance, notes.

Anyone who may see the group sees the session's time, facilitator and RSVP counts; its members
RSVP, record attendance, move, cancel and take notes. Notes and check-ins reach the page only
through `queries.session_detail`, which loads them for the group's current members alone, so a
community host who is not in the group gets a page without them (DESIGN.md, privacy rule 1).

Also here: the loaders and the time labels the rhythm, calendar and runner pages share.
"""

import functools
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group, GroupMembership
from murmuration.communities.permissions import Viewer
from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_group,
    load_member_community,
    not_found,
    shows_refusals,
    signed_in,
)
from murmuration.errors import ActionError

from .. import actions, queries, recurrence
from .. import permissions as perms
from .. import sessions as planning
from ..forms import FacilitatorForm, MoveForm, NoteForm, SessionPracticeForm, SwapForm
from ..models import Attendance, Session

SESSION_PAGE = "rhythms/session.html"
# Sessions offered for a facilitator swap: the next ones of the same rhythm.
SWAP_CHOICES = 12


# Shared by the rhythm, calendar and runner pages ---------------------------------------------


@dataclass
class Timed:
    """A session with its start as the viewer reads it and, when it differs, the group's.

    `group_time` is e.g. "19:00 Europe/London" (with the weekday when the date differs too),
    or "" when the viewer's clock shows the same time as the group's.
    """

    session: Session
    local: datetime
    group_time: str


def timed(session: Session, zone: tzinfo | None = None) -> Timed:
    zone = zone or timezone.get_current_timezone()
    mine = session.starts_at.astimezone(zone)
    theirs = recurrence.to_local(session.starts_at, session.rhythm.time_zone)
    group_time = ""
    if theirs != mine.replace(tzinfo=None):
        pattern = "H:i" if theirs.date() == mine.date() else "D H:i"
        group_time = f"{date_format(theirs, pattern)} {session.rhythm.time_zone}"
    return Timed(session, mine, group_time)


def load_schedule(
    request: Request, slug: str, group_slug: str
) -> tuple[Community, Viewer, Group, dict[int, Group]]:
    """The community, viewer and group of a schedule page; 404 for a group they may not see."""
    community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    if not perms.can_see_schedule(viewer, group, groups):
        raise not_found()
    return community, viewer, group, groups


def session_in(group: Group, session_id: int) -> Session:
    session = (
        Session.objects.select_related("rhythm", "group", "group__community")
        .filter(pk=session_id, group=group)
        .first()
    )
    if session is None:
        raise not_found()
    return session


def session_url(session: Session, name: str = "rhythms:session") -> str:
    group = session.group
    return reverse(name, args=[group.community.slug, group.slug, session.pk])


def list_state(rows: list[Any]) -> str:
    """A short fingerprint of a list of notes or check-ins, for the runner's polling."""
    text = "|".join(f"{r.pk}:{getattr(r, 'word', '')}:{getattr(r, 'rating', '')}" for r in rows)
    return f"{len(rows)}.{zlib.crc32(text.encode())}"


# ASCII digits only, and few enough for a 64-bit column: str.isdigit() also accepts "²", which
# int() refuses, and int() refuses more than 4300 digits, so either would otherwise be a 500.
_NUMBER = re.compile(r"-?[0-9]{1,18}")


def posted_number(raw: str | None, *, signed: bool = False) -> int | None:
    """A whole number typed into a form field, or None for anything else."""
    text = (raw or "").strip()
    if not _NUMBER.fullmatch(text) or (text.startswith("-") and not signed):
        return None
    return int(text)


def require_part(viewer: Viewer, group: Group) -> None:
    if not perms.can_take_part(viewer, group):
        raise Refused(_("Only the group's members can take part in its sessions."))


# The session page ----------------------------------------------------------------------------


def _detail(viewer: Viewer, group: Group, session_id: int) -> queries.SessionDetail:
    detail = queries.session_detail(viewer, session_id)
    if detail is None or detail.session.group_id != group.pk:
        raise not_found()
    return detail


def _context(
    viewer: Viewer,
    group: Group,
    groups: dict[int, Group],
    detail: queries.SessionDetail,
    **extra: Any,
) -> dict[str, Any]:
    session = detail.session
    now = timezone.now()
    started = session.current_step is not None or session.starts_at <= now
    open_for_planning = not session.is_cancelled and not planning.is_settled(session, now)
    context: dict[str, Any] = {
        "community": viewer.community,
        "viewer": viewer,
        "group": group,
        "breadcrumb": [*ancestors(group, groups), group],
        "detail": detail,
        "session": session,
        "rhythm": session.rhythm,
        "when": timed(session),
        "my_zone": timezone.get_current_timezone_name(),
        "started": started,
        "open_for_planning": open_for_planning,
        "rsvp_choices": Attendance.Rsvp.choices,
        "rsvp_open": not session.is_cancelled and not session.is_over(now),
    }
    if detail.can_take_part:
        people = list(
            GroupMembership.objects.filter(group=group)
            .select_related("user")
            .order_by("user__display_name", "user__email")
        )
        context["people"] = [gm.user for gm in people]
        if started and not session.is_cancelled:
            recorded = {a.user_id: a for a in detail.attendance}
            context["attendance_rows"] = [
                {"person": gm.user, "attendance": recorded.get(gm.user_id)} for gm in people
            ]
        if open_for_planning:
            context.setdefault(
                "move_form",
                MoveForm(
                    initial={
                        "starts_at": recurrence.to_local(
                            session.starts_at, session.rhythm.time_zone
                        ),
                        "sequence": session.sequence,
                    },
                    time_zone=session.rhythm.time_zone,
                ),
            )
            context["facilitator_form"] = FacilitatorForm(
                initial={"person": session.facilitator_id},
                people=[(p.pk, p.name) for p in context["people"]],
            )
            swaps = _swap_choices(session, now)
            if swaps:
                context["swap_form"] = SwapForm(sessions=swaps)
        if session.current_step is None and session.finished_at is None:
            context["practice_form"] = SessionPracticeForm(
                initial={"practice": session.practice_id}, community=viewer.community
            )
    if detail.can_read_private:
        context.setdefault("note_form", NoteForm())
    context.update(extra)
    return context


def _swap_choices(session: Session, now: datetime) -> list[tuple[int, str]]:
    others = (
        Session.objects.filter(
            rhythm_id=session.rhythm_id,
            status=Session.Status.SCHEDULED,
            starts_at__gt=now,
            current_step__isnull=True,
        )
        .exclude(pk=session.pk)
        .select_related("facilitator")
        .order_by("starts_at", "pk")[:SWAP_CHOICES]
    )
    zone = timezone.get_current_timezone()
    return [
        (
            other.pk,
            "{} · {}".format(
                date_format(other.starts_at.astimezone(zone), "D j M H:i"),
                other.facilitator.name if other.facilitator else _("nobody yet"),
            ),
        )
        for other in others
    ]


def _page(
    request: Request,
    slug: str,
    group_slug: str,
    session_id: int,
    *,
    status: int = 200,
    **extra: Any,
) -> TemplateResponse:
    _community, viewer, group, groups = load_schedule(request, slug, group_slug)
    detail = _detail(viewer, group, session_id)
    context = _context(viewer, group, groups, detail, **extra)
    return TemplateResponse(request, SESSION_PAGE, context, status=status)


@login_required
@require_GET
@shows_refusals
def session_page(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    return _page(request, slug, group_slug, session_id)


def _done(
    request: Request,
    slug: str,
    group_slug: str,
    session_id: int,
    done: str,
) -> HttpResponse:
    messages.success(request, done)
    return redirect("rhythms:session", slug, group_slug, session_id)


def _refused(
    request: Request,
    slug: str,
    group_slug: str,
    session_id: int,
    error: ActionError,
    *,
    partial: str | None = None,
    **forms: Any,
) -> HttpResponse:
    """The page (or, for htmx, the panel) again with the action's message and its status."""
    response = _page(
        request,
        slug,
        group_slug,
        session_id,
        status=error.status,
        error=error.message,
        partial=partial,
        **forms,
    )
    if request.htmx and partial:
        response.template_name = f"{SESSION_PAGE}#{partial}"
    return response


def _render_partial(response: TemplateResponse, partial: str) -> TemplateResponse:
    response.template_name = f"{SESSION_PAGE}#{partial}"
    return response


@login_required
@require_POST
@shows_refusals
def rsvp(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    _community, viewer, group, _groups = load_schedule(request, slug, group_slug)
    session = session_in(group, session_id)
    require_part(viewer, group)
    answer = request.POST.get("rsvp", "")
    try:
        actions.set_rsvp(signed_in(request), session, answer)
    except ActionError as error:
        return _refused(request, slug, group_slug, session_id, error, partial="rsvp-panel")
    done = dict(Attendance.Rsvp.choices).get(answer, _("Your answer is taken back."))
    if request.htmx:
        response = _page(
            request, slug, group_slug, session_id, done=_("Saved: %(a)s.") % {"a": done}
        )
        return _render_partial(response, "rsvp-panel")
    messages.success(request, _("Saved: %(a)s.") % {"a": done})
    return redirect("rhythms:session", slug, group_slug, session_id)


@login_required
@require_POST
@shows_refusals
def attendance(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    _community, viewer, group, _groups = load_schedule(request, slug, group_slug)
    session = session_in(group, session_id)
    require_part(viewer, group)
    person_id = posted_number(request.POST.get("person"))
    person = User.objects.filter(pk=person_id).first() if person_id is not None else None
    present = request.POST.get("present", "")
    try:
        if person is None or present not in {"yes", "no"}:
            raise ActionError(_("Choose a person and whether they were there."))
        actions.record_attendance(signed_in(request), session, person, present == "yes")
    except ActionError as error:
        return _refused(request, slug, group_slug, session_id, error, partial="attendance-panel")
    assert person is not None
    done = (_("%(name)s was there.") if present == "yes" else _("%(name)s was not there.")) % {
        "name": person.name
    }
    if request.htmx:
        response = _page(request, slug, group_slug, session_id, attendance_done=done)
        return _render_partial(response, "attendance-panel")
    messages.success(request, done)
    return redirect("rhythms:session", slug, group_slug, session_id)


@login_required
@require_POST
@shows_refusals
def move(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    _community, viewer, group, _groups = load_schedule(request, slug, group_slug)
    session = session_in(group, session_id)
    require_part(viewer, group)
    form = MoveForm(request.POST, time_zone=session.rhythm.time_zone)
    if not form.is_valid():
        return _page(request, slug, group_slug, session_id, status=400, move_form=form)
    try:
        actions.move_session(
            signed_in(request),
            session,
            form.cleaned_data["starts_at"],
            expected_sequence=form.cleaned_data["sequence"],
        )
    except ActionError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return _page(request, slug, group_slug, session_id, status=error.status, move_form=form)
    messages.success(request, _("The session is moved; the others keep their times."))
    return redirect("rhythms:session", slug, group_slug, session_id)


def _sequence(request: Request) -> int | None:
    raw = request.POST.get("sequence", "")
    if not raw:
        return None
    # A sequence that cannot be read matches no version: the page sent something it never
    # showed, so the change is refused as stale rather than made without the check.
    number = posted_number(raw)
    return number if number is not None else -1


@dataclass
class Change:
    """What a session button's view works with: the request and the session it changes."""

    request: Request
    community: Community
    session: Session

    @property
    def user(self) -> User:
        return signed_in(self.request)


def session_change(change: Callable[[Change], str]) -> Callable[..., HttpResponse]:
    """A POST by a group member that changes one session and says what it did.

    Loading, the membership check and the answer are the same for every such button: a refusal
    redraws the page with the action's message and status; success redirects to the session
    with the message `change` returns.
    """

    @login_required
    @require_POST
    @shows_refusals
    @functools.wraps(change)
    def view(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
        community, viewer, group, _groups = load_schedule(request, slug, group_slug)
        session = session_in(group, session_id)
        require_part(viewer, group)
        try:
            done = change(Change(request, community, session))
        except ActionError as error:
            return _refused(request, slug, group_slug, session_id, error)
        return _done(request, slug, group_slug, session_id, done)

    return view


@session_change
def cancel(change: Change) -> str:
    actions.cancel_session(change.user, change.session, expected_sequence=_sequence(change.request))
    return _("The session is cancelled.")


@session_change
def restore(change: Change) -> str:
    actions.restore_session(
        change.user, change.session, expected_sequence=_sequence(change.request)
    )
    return _("The session is back on.")


@session_change
def facilitator(change: Change) -> str:
    raw = change.request.POST.get("person", "")
    person_id = posted_number(raw)
    person = User.objects.filter(pk=person_id).first() if person_id is not None else None
    if raw and person is None:
        raise ActionError(_("Choose a member of the group."), field="person")
    actions.set_facilitator(change.user, change.session, person)
    if person is None:
        return _("Nobody facilitates this session yet.")
    return _("%(name)s facilitates this session.") % {"name": person.name}


@session_change
def swap(change: Change) -> str:
    other_id = posted_number(change.request.POST.get("other"))
    other = (
        Session.objects.select_related("rhythm", "group")
        .filter(pk=other_id, group=change.session.group_id)
        .first()
        if other_id is not None
        else None
    )
    if other is None:
        raise ActionError(_("Choose another session of this rhythm."), field="other")
    actions.swap_facilitators(change.user, change.session, other)
    return _("The facilitators swapped sessions.")


@session_change
def practice(change: Change) -> str:
    form = SessionPracticeForm(change.request.POST, community=change.community)
    if not form.is_valid():
        raise ActionError(_("Choose one of the practices in the list."), field="practice")
    actions.set_session_practice(change.user, change.session, form.cleaned_data["practice"])
    return _("The session's practice is set.")


@login_required
@require_POST
@shows_refusals
def add_note(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    """A shared note; for htmx the notes panel is redrawn (on the session page or the runner)."""
    _community, viewer, group, _groups = load_schedule(request, slug, group_slug)
    session = session_in(group, session_id)
    if not perms.can_read_private(viewer, group):
        raise Refused(_("Only the group's members can write in its sessions."))
    form = NoteForm(request.POST)
    status = 200
    try:
        if not form.is_valid():
            raise ActionError(_("Please write a note."), field="text")
        actions.add_note(signed_in(request), session, form.cleaned_data["text"])
    except ActionError as error:
        if "text" not in form.errors:
            form.add_error("text", error.message)
        status = error.status
    else:
        form = NoteForm()
        if not request.htmx:
            messages.success(request, _("Your note is saved."))
            runner = request.POST.get("next") == "run"
            return redirect(session_url(session, "rhythms:runner" if runner else "rhythms:session"))
    if request.htmx:
        notes = list(session.notes.select_related("author"))
        on_runner = request.POST.get("next") == "run"
        context = {
            "community": viewer.community,
            "group": group,
            "session": session,
            "notes": notes,
            "notes_state": list_state(notes),
            "note_form": form,
            "next": "run" if on_runner else "",
            "poll": on_runner,
        }
        return TemplateResponse(request, "rhythms/_notes.html", context, status=status)
    return _page(request, slug, group_slug, session_id, status=status, note_form=form)
